import Foundation
import ReproSupport
import TestSupport

/// Runs the `repro-pipeline-harness` executable (repro with the test stage kinds) as a child process.
struct Harness {
    let project: TemporaryDirectory

    init(_ pipeline: String) throws {
        project = try TemporaryDirectory(prefix: "repro-e2e")
        try Data(pipeline.utf8).write(to: URL(fileURLWithPath: project.file("pipeline.json")))
    }

    static var executable: String {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("repro-pipeline-harness").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        return packageRoot() + "/.build/debug/repro-pipeline-harness"
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Starts `repro ARGS` in the project folder; `finish` waits for it. With `merged`, stderr goes to
    /// the same pipe as stdout (as `2>&1`) and the result's stdout holds both, stderr nothing.
    func start(_ arguments: [String], merged: Bool = false) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: project.path)
        let out = Pipe(), err = merged ? nil : Pipe()
        process.standardOutput = out
        process.standardError = err ?? out
        try process.run()
        return Running(process: process, out: out, err: err)
    }

    func run(_ arguments: [String], merged: Bool = false) throws -> Result { try start(arguments, merged: merged).finish() }

    final class Running {
        let process: Process
        let out: Pipe
        let err: Pipe?
        init(process: Process, out: Pipe, err: Pipe?) { self.process = process; self.out = out; self.err = err }

        func finish() -> Result {
            let stdout = out.fileHandleForReading.readDataToEndOfFile()
            let stderr = err?.fileHandleForReading.readDataToEndOfFile() ?? Data()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                          stderr: String(decoding: stderr, as: UTF8.self))
        }
    }

    /// Stage names in executions.log, sorted; the log is emptied.
    func takeExecutions() -> [String] {
        let path = project.file("executions.log")
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: path)
        return text.split(separator: "\n").map(String.init).sorted()
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: project.file(relative)) }

    /// The lock file parsed as JSON (throws when it does not parse).
    func lock() throws -> JSONValue {
        try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: project.file("outputs/pipeline.lock"))), source: "lock")
    }
}

let chainPipeline = """
    {"stages": {
      "a": {"kind": "emit"},
      "b": {"kind": "emit", "inputs": ["a"]},
      "c": {"kind": "emit", "inputs": ["b"]},
      "u": {"kind": "emit", "params": {"value": "unrelated"}}
    }}
    """
