public import Pipeline
public import ReproSupport

/// A stage kind that writes one fake analysis file (`FakeAnalysisFiles`) as `outputs/<stage>.h5`,
/// standing in for the real analysis stages in tests of the stages that read them.
///
/// Parameters: `file` (linear-cifar10, linear-synthetic, alignment, affinity, claims), `omit`
/// (datasets or attributes to leave out), `epochs` and `runs` (alignment, affinity), `unavailable`
/// (a message: the stage is skipped as if its data were absent), `verdicts` (claims: an array of
/// rows of 1 / 0 / -1; null for the default table).
public struct FakeAnalysisKind: StageKind {
    public init() {}
    public var name: String { "fake-analysis" }
    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("file", .string),
            ParameterSpec("omit", .strings, default: []),
            ParameterSpec("epochs", .ints, default: [0, 4, 8, 12, 16]),
            ParameterSpec("runs", .int, default: 2),
            ParameterSpec("unavailable", .string, default: ""),
            ParameterSpec("verdicts", .json, default: .null),
        ]
    }

    public func externalFiles(_ params: StageParameters) throws -> [String] {
        let message = try params.string("unavailable")
        if !message.isEmpty { throw StageInputUnavailable(message) }
        return []
    }

    public func run(_ context: StageContext) throws {
        let params = context.params
        let path = try context.outputPath("outputs/\(context.stage).h5")
        let omit = Set(try params.strings("omit"))
        let epochs = try params.ints("epochs"), runs = try params.int("runs")
        switch try params.string("file") {
        case "linear-cifar10": try FakeAnalysisFiles.writeLinearCIFAR(to: path, omit: omit)
        case "linear-synthetic": try FakeAnalysisFiles.writeLinearSynthetic(to: path, omit: omit)
        case "alignment": try FakeAnalysisFiles.writeAlignment(to: path, runs: runs, epochs: epochs, omit: omit)
        case "affinity": try FakeAnalysisFiles.writeAffinity(to: path, runs: runs, epochs: epochs, omit: omit)
        case "claims":
            let rows = try params.json("verdicts").arrayValue?.map { row in
                (row.arrayValue ?? []).map { Int32($0.intValue ?? -1) }
            }
            try FakeAnalysisFiles.writeClaims(to: path, verdicts: rows, omit: omit)
        case let other:
            throw StageInputUnavailable("fake-analysis: unknown file '\(other)'")
        }
    }
}

/// A pipeline.json `stages` object with the five fake analysis stages, one `figure` stage per paper
/// figure (named after it) and the `report` (taking fig1a as optional). `cifar: false` skips
/// linear-cifar10 as if the CIFAR-10 folder were absent; `analysis` adds params to a fake stage.
public func paperPipeline(cifar: Bool = true, analysis: [String: [String: JSONValue]] = [:],
                          figures: [String: [String: JSONValue]] = [:]) -> JSONValue {
    var stages: [String: JSONValue] = [:]
    for file in ["linear-cifar10", "linear-synthetic", "alignment", "affinity", "claims"] {
        var params: [String: JSONValue] = ["file": .string(file)]
        if file == "linear-cifar10", !cifar { params["unavailable"] = "CIFAR-10 not found (fake)" }
        for (key, value) in analysis[file] ?? [:] { params[key] = value }
        stages[file] = ["kind": "fake-analysis", "params": .object(params)]
    }
    let inputs = ["fig1a": "linear-cifar10", "fig1b": "linear-synthetic", "fig2a": "alignment", "fig2b": "alignment",
                  "fig2c": "alignment", "fig3": "affinity"]
    for (figure, input) in inputs {
        var params: [String: JSONValue] = ["figure": .string(figure)]
        if figure == "fig3" { params["epochs"] = [0, 4, 8, 12, 16] }
        for (key, value) in figures[figure] ?? [:] { params[key] = value }
        stages[figure] = ["kind": "figure", "params": .object(params), "inputs": [.string(input)]]
    }
    stages["report"] = ["kind": "report", "inputs": ["fig1a?", "fig1b", "fig2a", "fig2b", "fig2c", "fig3", "claims"]]
    return .object(stages)
}
