import Foundation
import HDF5Store
import Pipeline
import ReproSupport
import Stages
import TestSupport

/// A temporary project running the paper's stage kinds in process, on a small configuration:
/// 40 training points per class, a width-8 network, 2 seeds, 4 epochs, NTK every 2 epochs.
final class PaperProject {
    let folder: TemporaryDirectory
    var root: String { folder.path }

    /// `cifar`: nil for no CIFAR folder; otherwise the records per batch file (5 files) to generate.
    init(cifarRecordsPerFile: Int? = 30, corruptCIFAR: Bool = false) throws {
        unsetenv(CIFAR10Stage.environmentVariable)
        folder = try TemporaryDirectory(prefix: "repro-stages")
        if let records = cifarRecordsPerFile {
            try FileManager.default.createDirectory(atPath: root + "/cifar", withIntermediateDirectories: true)
            for file in 1...5 {
                var bytes = [UInt8]()
                for record in 0..<records {
                    let label = UInt8((record + file) % 10)
                    bytes.append(label)
                    // Pixels that depend on the label, so living and non-living classes differ.
                    for pixel in 0..<3072 {
                        bytes.append(UInt8(truncatingIfNeeded: (pixel &* 31 &+ record &* 7 &+ Int(label) &* 50) % 256))
                    }
                }
                if corruptCIFAR && file == 3 { bytes.removeLast(100) }
                try Data(bytes).write(to: URL(fileURLWithPath: root + "/cifar/data_batch_\(file).bin"))
            }
        }
        try write(Self.stages(cifarFolder: root + "/cifar"))
    }

    static func stages(cifarFolder: String) -> JSONValue {
        let layers: JSONValue = [
            ["dense": ["width": 8, "wStd": 1.0, "bStd": 0.05]], ["layerNorm": ["eps": 1e-12]], ["relu": [:]],
            ["dense": ["width": 8, "wStd": 0.6, "bStd": 0.05]], ["layerNorm": ["eps": 1e-12]], ["relu": [:]],
            ["dense": ["width": 4, "wStd": 0.6, "bStd": 0.05]],
        ]
        return [
            "synthetic": ["kind": "synthetic-data",
                          "params": ["train_per_class": 40, "test_per_class": 10, "probe_per_class": 5, "seed": 3]],
            "cifar10": ["kind": "cifar10", "params": ["folder": .string(cifarFolder)]],
            "linear-cifar10": ["kind": "linear-affinity", "inputs": ["cifar10"]],
            "linear-synthetic": ["kind": "linear-affinity", "inputs": ["synthetic"]],
            "train": ["kind": "train", "inputs": ["synthetic"], "foreach": ["seed": [0, 1]],
                      "params": ["layers": layers, "epochs": 4, "ntk_every": 2, "batch_size": 16, "weight_epochs": [0, 4]]],
            "alignment": ["kind": "alignment", "inputs": ["synthetic", "train"]],
            "affinity": ["kind": "affinity", "inputs": ["synthetic", "train"]],
            "claims": ["kind": "claims", "inputs": ["linear-cifar10?", "linear-synthetic", "alignment", "affinity"]],
        ]
    }

    func write(_ stages: JSONValue) throws {
        try JSONValue.object(["stages": stages]).canonicalData().write(to: URL(fileURLWithPath: root + "/pipeline.json"))
    }

    @discardableResult
    func run(overrides: [String] = []) throws -> RunReport {
        var options = RunOptions()
        options.jobs = 2
        options.progressMode = .quiet
        let definition = try PipelineDefinition.load(folder: root, kinds: PaperStages.all, overrides: overrides)
        return try Runner(definition: definition, projectRoot: root).run(options, cancellation: Cancellation())
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    func reader(_ relative: String) throws -> HDF5Reader { try HDF5Reader(path: path(relative)) }
}
