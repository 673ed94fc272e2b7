internal import Foundation

/// Errors of the scheduler; each names the file, JSON path or stage involved.
public enum PipelineError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: configuration (exit 2)
    case noPipeline(folder: String)
    case syntax(file: String, detail: String)
    case badValue(path: String, expected: String, got: String)
    case unknownKind(path: String, kind: String, valid: [String])
    case unknownParameter(path: String, valid: [String])
    case badParameter(path: String, expected: String, got: String)
    case missingParameter(stage: String, key: String)
    /// The kind's `validate` rejected the parameters of `stage`; `path` is `stages.NAME.params`.
    case rejectedParameters(path: String, stage: String, message: String)
    case unknownInput(stage: String, input: String)
    case duplicateStage(String)
    case cycle([String])
    case badOutput(stage: String, output: String)
    case duplicateOutput(output: String, stages: [String])
    case unknownStage(String, valid: [String])
    case badOverride(String, reason: String)
    case lockHeld(path: String, pid: Int32)
    // MARK: runtime
    case unknownOutput(stage: String, output: String)
    case missingOutput(stage: String, output: String)
    case cancelled(stage: String)
    case corruptLock(file: String, detail: String)
    case io(operation: String, path: String, errno: Int32)

    /// True for errors in the configuration or in how repro was called (exit status 2).
    public var isConfiguration: Bool {
        switch self {
        case .unknownOutput, .missingOutput, .cancelled, .corruptLock, .io: false
        default: true
        }
    }

    public var description: String {
        switch self {
        case .noPipeline(let folder):
            "no pipeline.json in \(folder); run repro in the project folder (see README: pipeline.json)"
        case .syntax(let file, let detail): "\(file): \(detail)"
        case .badValue(let path, let expected, let got): "pipeline.json: \(path): expected \(expected), got \(got)"
        case .unknownKind(let path, let kind, let valid):
            "pipeline.json: \(path): unknown stage kind '\(kind)'; valid kinds: \(list(valid))"
        case .unknownParameter(let path, let valid):
            "pipeline.json: \(path): unknown parameter; valid parameters: \(list(valid))"
        case .badParameter(let path, let expected, let got): "pipeline.json: \(path): expected \(expected), got \(got)"
        case .missingParameter(let stage, let key): "pipeline.json: stages.\(stage).params.\(key): required parameter is missing"
        case .rejectedParameters(let path, let stage, let message):
            "pipeline.json: \(path)\(path == "stages.\(stage).params" ? "" : " (\(stage))"): \(message)"
        case .unknownInput(let stage, let input): "pipeline.json: stages.\(stage).inputs: no stage named '\(input)'"
        case .duplicateStage(let name): "pipeline.json: stage '\(name)' is defined twice"
        case .cycle(let stages): "pipeline.json: the inputs form a cycle: \(stages.joined(separator: " -> "))"
        case .badOutput(let stage, let output):
            "stage \(stage): output '\(output)' must be a relative path under outputs/ or paper/"
        case .duplicateOutput(let output, let stages): "output '\(output)' is promised by several stages: \(stages.joined(separator: ", "))"
        case .unknownStage(let name, let valid): "no stage named '\(name)'; stages: \(list(valid))"
        case .badOverride(let text, let reason): "--set \(text): \(reason)"
        case .lockHeld(let path, let pid): "\(path) is held by another repro (pid \(pid)); not waiting (--no-wait)"
        case .unknownOutput(let stage, let output): "stage \(stage): '\(output)' is not one of its promised outputs"
        case .missingOutput(let stage, let output): "stage \(stage) returned without writing its promised output \(output)"
        case .cancelled(let stage): "stage \(stage): interrupted"
        case .corruptLock(let file, let detail): "\(file): \(detail)"
        case .io(let operation, let path, let code): "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        }
    }

    private func list(_ names: [String]) -> String {
        names.isEmpty ? "(none)" : names.sorted().joined(separator: ", ")
    }
}
