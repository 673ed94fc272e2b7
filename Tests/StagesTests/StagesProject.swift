import Foundation
import Pipeline
import ReproSupport
import Stages
import StagesTestSupport
import TestSupport

/// A temporary project running the paper's stage kinds on fake analysis files, in-process.
final class StagesProject {
    let folder: TemporaryDirectory
    var root: String { folder.path }

    init(_ stages: JSONValue) throws {
        folder = try TemporaryDirectory(prefix: "repro-stages")
        try JSONValue.object(["stages": stages]).canonicalData().write(to: URL(fileURLWithPath: root + "/pipeline.json"))
    }

    func definition() throws -> PipelineDefinition {
        try PipelineDefinition.load(folder: root, kinds: PaperStages.all + [FakeAnalysisKind()])
    }

    @discardableResult
    func run(_ targets: [String] = [], force: Bool = false) throws -> RunReport {
        var options = RunOptions()
        options.targets = targets
        options.force = force
        options.jobs = 2
        return try Runner(definition: definition(), projectRoot: root).run(options)
    }

    func read(_ relative: String) -> Data? { FileManager.default.contents(atPath: root + "/" + relative) }
    func text(_ relative: String) -> String { read(relative).map { String(decoding: $0, as: UTF8.self) } ?? "" }
    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + relative) }

    /// The failure message of `stage` in `report`, or "".
    static func failure(_ stage: String, in report: RunReport) -> String {
        report.failed.first { $0.stage == stage }?.message ?? ""
    }
}

let pngSignature: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/// Width and height of a PNG from its IHDR chunk.
func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data.prefix(24))
    guard bytes.count == 24, Array(bytes[0..<8]) == pngSignature else { return nil }
    func int(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (int(16), int(20))
}
