public import Pipeline
public import ReproSupport
internal import Foundation

/// A tiny stage kind for the scheduler's tests. Its output is the canonical JSON of its parameters
/// (except `note`, `sleep` and `fail`) followed by the bytes of its inputs, so its content changes
/// exactly when those do. Every execution appends the stage name to `executions.log` in the project.
///
/// Parameters: `value` (any JSON), `size`, `hash`, `path`, `mtime` (any JSON: names that look like
/// metadata), `note` (not written: changing it reproduces identical bytes), `fail` ("after-write":
/// writes then throws; "no-output": returns without writing; "throw"), `sleep` (seconds, writing half
/// the output first and checking for cancellation every 10 ms; spinning instead of sleeping when `busy`
/// is true, ignoring cancellation when `stubborn` is true), `unavailable` (a message: the input is
/// reported missing), `external` (a project-relative file it reads), `outputs` (paths it promises),
/// `must_be_positive` (a number `validate` rejects when <= 0).
public struct EmitKind: StageKind {
    public let name = "emit"
    public let version: Int
    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("value", .json, default: 0, doc: "written to the output"),
            ParameterSpec("size", .json, default: .null, doc: "metadata-like name"),
            ParameterSpec("hash", .json, default: .null),
            ParameterSpec("path", .json, default: .null),
            ParameterSpec("mtime", .json, default: .null),
            ParameterSpec("note", .string, default: ""),
            ParameterSpec("fail", .string, default: ""),
            ParameterSpec("sleep", .double, default: 0),
            ParameterSpec("busy", .bool, default: false, doc: "sleep by spinning, keeping a CPU (and a pool thread) busy"),
            ParameterSpec("stubborn", .bool, default: false, doc: "sleep without checking for cancellation"),
            ParameterSpec("unavailable", .string, default: ""),
            ParameterSpec("external", .string, default: ""),
            ParameterSpec("outputs", .strings, default: []),
            ParameterSpec("lr", .double, default: 0.001),
            ParameterSpec("epochs", .int, default: 1),
            ParameterSpec("must_be_positive", .double, default: 1, doc: "rejected by validate when <= 0"),
        ]
    }

    public init(version: Int = 1) { self.version = version }

    public func externalFiles(_ params: StageParameters) throws -> [String] {
        let message = try params.string("unavailable")
        if !message.isEmpty { throw StageInputUnavailable(message) }
        let external = try params.string("external")
        return external.isEmpty ? [] : [external]
    }

    public func validate(_ params: StageParameters) throws {
        let value = try params.double("must_be_positive")
        if value <= 0 { throw EmitInvalid(message: "must_be_positive must be > 0, got \(value)") }
    }

    public func outputs(stage: String, params: StageParameters) -> [String] {
        let declared = (try? params.strings("outputs")) ?? []
        return declared.isEmpty ? ["outputs/\(stage).h5"] : declared
    }

    public func run(_ context: StageContext) throws {
        let log = context.projectRoot + "/executions.log"
        let fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        if fd >= 0 { _ = Array((context.stage + "\n").utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }; close(fd) }

        var values = context.params.values
        for key in ["note", "sleep", "fail"] { values[key] = nil }
        var bytes = Array(try JSONValue.object(values).canonicalData())
        for name in context.inputs.keys.sorted() {
            for input in context.inputs[name] ?? [] {
                for path in input.outputs { bytes += Array(FileManager.default.contents(atPath: path) ?? Data()) }
            }
        }
        for path in context.externalFiles { bytes += Array(FileManager.default.contents(atPath: path) ?? Data()) }
        let fail = try context.params.string("fail")
        if fail == "throw" { throw EmitFailure(stage: context.stage) }
        if fail == "no-output" { return }
        for output in context.outputs.keys.sorted() {
            let path = context.outputs[output] ?? ""
            let seconds = try context.params.double("sleep")
            if seconds > 0 {
                FileManager.default.createFile(atPath: path, contents: Data(bytes.prefix(bytes.count / 2)))
                let end = Date().addingTimeInterval(seconds)
                let busy = try context.params.bool("busy")
                while Date() < end {
                    if try !context.params.bool("stubborn") { try context.checkCancellation() }
                    if !busy { usleep(10_000) }
                }
            }
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
        }
        if fail == "after-write" { throw EmitFailure(stage: context.stage) }
    }
}

/// The error `EmitKind` throws when asked to fail.
public struct EmitFailure: Error, CustomStringConvertible {
    public let stage: String
    public var description: String { "\(stage) failed on purpose" }
}

/// The error `EmitKind.validate` throws.
public struct EmitInvalid: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The kinds the tests register.
/// `emit` that records provenance: its fingerprint holds every upstream stage's fingerprint.
public struct ProvenanceEmitKind: StageKind {
    let base = EmitKind()
    public init() {}
    public let name = "emit-provenance"
    public var parameters: [ParameterSpec] { base.parameters }
    public var recordsProvenance: Bool { true }
    public func run(_ context: StageContext) throws { try base.run(context) }
}

public enum TestKinds {
    public static let all: [any StageKind] = [EmitKind(), ProvenanceEmitKind()]
}
