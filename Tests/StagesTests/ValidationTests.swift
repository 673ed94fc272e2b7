import Foundation
import Pipeline
import ReproSupport
import Stages
import Testing
import TestSupport

/// The paper's stage kinds reject unusable parameter values when pipeline.json is loaded.
@Suite struct ValidationTests {
    /// The kind's parameters with defaults, overridden by `values`.
    private func parameters(_ kind: some StageKind, _ values: [String: JSONValue]) -> StageParameters {
        var all: [String: JSONValue] = [:]
        for spec in kind.parameters { if let value = spec.defaultValue { all[spec.name] = value } }
        for (key, value) in values { all[key] = value }
        return StageParameters(stage: "s", values: all)
    }

    private func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    @Test func trainRejectsBadSettings() {
        let kind = TrainStage()
        #expect(message { try kind.validate(parameters(kind, ["seed": 0])) } == nil)
        #expect(message { try kind.validate(parameters(kind, ["seed": 0, "epochs": 0])) }?.contains("'epochs'") == true)
        #expect(message { try kind.validate(parameters(kind, ["seed": 0, "ntk_every": 0])) }?.contains("'ntk_every'") == true)
        #expect(message { try kind.validate(parameters(kind, ["seed": 0, "weight_epochs": [3]])) }?
            .contains("epoch 3 is not a checkpoint") == true)
        // Weight epochs past a shortened run are ignored.
        #expect(message { try kind.validate(parameters(kind, ["seed": 0, "epochs": 8])) } == nil)
        let badLayers = message { try kind.validate(parameters(kind, ["seed": 0, "layers": [["dense": ["width": "wide"]]]])) }
        #expect(badLayers?.contains("parameter 'layers'") == true)
        #expect(badLayers?.contains("at [0]") == true)
    }

    @Test func syntheticRejectsUnknownProbeReadingAndBadRegions() {
        let kind = SyntheticDataStage()
        #expect(message { try kind.validate(parameters(kind, [:])) } == nil)
        #expect(message { try kind.validate(parameters(kind, ["probe": "heldout"])) }?.contains("held-out") == true)
        #expect(message { try kind.validate(parameters(kind, ["probe_per_class": 0])) }?.contains("probe_per_class") == true)
        let regions: JSONValue = [["name": "R1", "shape": "radial", "features": "1,2", "lower": 0.1, "upper": 0.2,
                                   "lowerInclusive": true, "upperInclusive": true]]
        let text = message { try kind.validate(parameters(kind, ["regions": regions])) }
        #expect(text?.contains("at [0].features: expected an array") == true)
        let inverted: JSONValue = [["name": "R1", "shape": "radial", "features": [1, 2], "lower": 0.9, "upper": 0.7,
                                    "lowerInclusive": true, "upperInclusive": true]]
        #expect(message { try kind.validate(parameters(kind, ["regions": inverted])) }?
            .contains("lower 0.9 must be below upper 0.7") == true)
    }

    @Test func figureRejectsUnknownFigureAndFormat() {
        let kind = FigureStage()
        #expect(message { try kind.validate(parameters(kind, ["figure": "fig3"])) } == nil)
        #expect(message { try kind.validate(parameters(kind, ["figure": "fig9"])) }?.contains("valid: fig1a") == true)
        #expect(message { try kind.validate(parameters(kind, ["figure": "fig3", "formats": ["gif"]])) }?.contains("gif") == true)
    }
}

/// The committed pipeline.json loads with the paper's kinds and holds the paper's settings.
@Suite struct CommittedPipelineTests {
    @Test func loadsAndHoldsThePaperSettings() throws {
        let definition = try PipelineDefinition.load(folder: TestSupport.packageRoot(), kinds: PaperStages.all, overrides: [])
        #expect(definition.stages.count == 19)
        let train = try #require(definition.stages.first { $0.name == "train[seed=4]" })
        #expect(try train.params.int("epochs") == 300)
        #expect(try train.params.int("ntk_every") == 4)
        #expect(try train.params.int("batch_size") == 128)
        #expect(try train.params.double("learning_rate") == 1.0)
        let synthetic = try #require(definition.stages.first { $0.name == "synthetic" })
        #expect(try synthetic.params.int("probe_per_class") == 50)
        #expect(try synthetic.params.int("train_per_class") == 1000)
    }
}
