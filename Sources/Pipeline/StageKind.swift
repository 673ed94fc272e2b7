public import ReproSupport

/// A kind of stage the scheduler can run: a name, a version, a typed parameter schema, the external
/// files it reads and the outputs it promises. The scheduler knows nothing else about it.
public protocol StageKind: Sendable {
    /// The name used as `"kind"` in pipeline.json.
    var name: String { get }
    /// Bumped whenever the kind's results would change for the same parameters and inputs; part of
    /// every fingerprint, so bumping it reruns every stage of this kind.
    var version: Int { get }
    /// The parameters the kind accepts; any other key in pipeline.json is rejected at load.
    var parameters: [ParameterSpec] { get }
    /// Files outside the pipeline the stage reads (relative to the project folder, or absolute),
    /// tracked by content. Throw `StageInputUnavailable` when they cannot be found, saying how to get
    /// them: the run then skips this stage and its consumers.
    func externalFiles(_ params: StageParameters) throws -> [String]
    /// The files the stage promises, relative to the project folder, under `outputs/` or `paper/`.
    func outputs(stage: String, params: StageParameters) -> [String]
    /// Checks the parameters (already typed, defaults applied) beyond their types, at load time, for
    /// every expanded stage; throw an error whose description says what is wrong and what is allowed.
    /// The default accepts everything.
    func validate(_ params: StageParameters) throws
    /// When true, the fingerprint also holds the fingerprint of every stage upstream (transitively),
    /// so a kind that writes provenance (a report listing each stage's settings and fingerprint)
    /// reruns when any of them changes, even when their outputs stayed byte-identical. Default false.
    var recordsProvenance: Bool { get }
    /// Does the work: reads `context.inputs`, writes every path of `context.outputs`.
    func run(_ context: StageContext) throws
}

extension StageKind {
    public var version: Int { 1 }
    public func externalFiles(_ params: StageParameters) throws -> [String] { [] }
    public func validate(_ params: StageParameters) throws {}
    public var recordsProvenance: Bool { false }
    /// One HDF5 file named after the stage: `outputs/<stage>.h5`.
    public func outputs(stage: String, params: StageParameters) -> [String] { ["outputs/\(stage).h5"] }
}

/// Thrown by a stage kind (from `externalFiles` or `run`) when something it needs is not there;
/// `message` says what is missing and how to obtain it.
public struct StageInputUnavailable: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The type of one parameter.
public enum ParameterType: String, Sendable, Hashable, CaseIterable {
    case int, double, string, bool, ints, doubles, strings, json

    /// The JSON spelling used in error messages.
    public var expected: String {
        switch self {
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .bool: "true or false"
        case .ints: "an array of integers"
        case .doubles: "an array of numbers"
        case .strings: "an array of strings"
        case .json: "any JSON value"
        }
    }

    /// `value` in this type's normal form (integral doubles become ints for `.int`, ints become
    /// doubles for `.double`), or nil when it does not have this type.
    public func normalize(_ value: JSONValue) -> JSONValue? {
        switch self {
        case .int: return value.intValue.map { .int(Int64($0)) }
        case .double: return value.doubleValue.map { .double($0) }
        case .string: return value.stringValue.map { .string($0) }
        case .bool: return value.boolValue.map { .bool($0) }
        case .json: return value
        case .ints, .doubles, .strings:
            guard let elements = value.arrayValue else { return nil }
            let element: ParameterType = self == .ints ? .int : self == .doubles ? .double : .string
            var out: [JSONValue] = []
            for item in elements {
                guard let normal = element.normalize(item) else { return nil }
                out.append(normal)
            }
            return .array(out)
        }
    }
}

/// One parameter of a stage kind.
public struct ParameterSpec: Sendable, Hashable {
    public let name: String
    public let type: ParameterType
    /// The value used when pipeline.json leaves the parameter out; nil makes it required.
    public let defaultValue: JSONValue?
    /// One line for `repro explain` and error messages.
    public let doc: String

    public init(_ name: String, _ type: ParameterType, default defaultValue: JSONValue? = nil, doc: String = "") {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.doc = doc
    }
}

/// The parameters of one stage, defaults applied and values normalized to their declared types.
public struct StageParameters: Sendable, Hashable {
    /// The stage the parameters belong to (named in errors).
    public let stage: String
    public let values: [String: JSONValue]

    public init(stage: String, values: [String: JSONValue]) {
        self.stage = stage
        self.values = values
    }

    /// The value of `key`; throws `PipelineError.missingParameter` when absent.
    public func value(_ key: String) throws(PipelineError) -> JSONValue {
        guard let value = values[key] else { throw .missingParameter(stage: stage, key: key) }
        return value
    }

    public func int(_ key: String) throws(PipelineError) -> Int { try scalar(key, .int, \.intValue) }
    public func double(_ key: String) throws(PipelineError) -> Double { try scalar(key, .double, \.doubleValue) }
    public func string(_ key: String) throws(PipelineError) -> String { try scalar(key, .string, \.stringValue) }
    public func bool(_ key: String) throws(PipelineError) -> Bool { try scalar(key, .bool, \.boolValue) }
    public func ints(_ key: String) throws(PipelineError) -> [Int] { try array(key, .ints, \.intValue) }
    public func doubles(_ key: String) throws(PipelineError) -> [Double] { try array(key, .doubles, \.doubleValue) }
    public func strings(_ key: String) throws(PipelineError) -> [String] { try array(key, .strings, \.stringValue) }

    /// The value of `key` read by `extract`, or a `badParameter` error naming the key and `type`.
    private func scalar<T>(_ key: String, _ type: ParameterType, _ extract: (JSONValue) -> T?) throws(PipelineError) -> T {
        let v = try value(key)
        guard let x = extract(v) else { throw mistyped(key, type, v) }
        return x
    }

    /// The array value of `key` with every element read by `extract`.
    private func array<T>(_ key: String, _ type: ParameterType, _ extract: (JSONValue) -> T?) throws(PipelineError) -> [T] {
        let v = try value(key)
        guard let elements = v.arrayValue else { throw mistyped(key, type, v) }
        var out: [T] = []
        for element in elements {
            guard let x = extract(element) else { throw mistyped(key, type, v) }
            out.append(x)
        }
        return out
    }

    public func json(_ key: String) throws(PipelineError) -> JSONValue { try value(key) }

    private func mistyped(_ key: String, _ type: ParameterType, _ got: JSONValue) -> PipelineError {
        .badParameter(path: "stages.\(stage).params.\(key)", expected: type.expected, got: got.typeName)
    }
}
