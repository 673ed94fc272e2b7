import Foundation
import Pipeline
import PipelineTestKinds
import ReproSupport
import TestSupport

/// A project folder with a pipeline.json, run in-process with the test kinds.
final class TestProject {
    let folder: TemporaryDirectory
    var root: String { folder.path }
    var kinds: [any StageKind] = TestKinds.all

    init(_ stages: JSONValue) throws {
        folder = try TemporaryDirectory(prefix: "repro-pipeline")
        try write(stages)
    }

    /// Replaces pipeline.json with `{"stages": stages}`.
    func write(_ stages: JSONValue) throws {
        try JSONValue.object(["stages": stages]).canonicalData().write(to: URL(fileURLWithPath: root + "/pipeline.json"))
    }

    func writeText(_ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/pipeline.json"))
    }

    func definition(overrides: [String] = []) throws -> PipelineDefinition {
        try PipelineDefinition.load(folder: root, kinds: kinds, overrides: overrides)
    }

    /// Runs, returning the report and the stages whose kind executed (sorted), then clears the log.
    @discardableResult
    func run(_ targets: [String] = [], force: Bool = false, dryRun: Bool = false, overrides: [String] = [],
             cancellation: Cancellation = Cancellation()) throws -> (report: RunReport, executed: [String]) {
        var options = RunOptions()
        options.targets = targets
        options.force = force
        options.dryRun = dryRun
        options.jobs = 4
        let report = try Runner(definition: definition(overrides: overrides), projectRoot: root).run(options, cancellation: cancellation)
        return (report, takeExecutions())
    }

    /// The stage names in executions.log, sorted; the log is emptied.
    func takeExecutions() -> [String] {
        let path = root + "/executions.log"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: path)
        return text.split(separator: "\n").map(String.init).sorted()
    }

    func status() throws -> [String: StageStatus] {
        let lock = try LockFile.read(path: root + "/outputs/pipeline.lock")
        let store = Store(projectRoot: root, known: lock.knownFiles)
        let all = Planner(definition: try definition(), store: store, lock: lock).statusOfAll()
        return Dictionary(uniqueKeysWithValues: all.map { ($0.stage, $0) })
    }

    func read(_ relative: String) -> Data? { FileManager.default.contents(atPath: root + "/" + relative) }
    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: root + "/" + relative) }
    func lock() throws -> LockFile { try LockFile.read(path: root + "/outputs/pipeline.lock") }
}

/// A chain `a -> b -> c` plus an unrelated `u`.
func chain(a: JSONValue = [:], b: JSONValue = [:], c: JSONValue = [:], u: JSONValue = [:]) -> JSONValue {
    [
        "a": ["kind": "emit", "params": a],
        "b": ["kind": "emit", "params": b, "inputs": ["a"]],
        "c": ["kind": "emit", "params": c, "inputs": ["b"]],
        "u": ["kind": "emit", "params": u],
    ]
}
