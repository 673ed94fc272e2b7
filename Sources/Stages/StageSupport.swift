public import Foundation
public import Pipeline
internal import HDF5Store
internal import ReproSupport

/// JSON <-> Codable for parameters that hold structured values (regions, layer lists).
enum ParameterJSON {
    /// The JSON value of an Encodable written into an output (claims, the model, the regions).
    /// Non-finite numbers, which JSON cannot spell, become the strings "NaN", "Infinity", "-Infinity".
    static func value<T: Encodable>(_ value: T) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity",
                                                                      negativeInfinity: "-Infinity", nan: "NaN")
        return try JSONValue.parse(try encoder.encode(value), source: "\(T.self)")
    }

    /// The JSON value of a parameter default: a constant of the code (the paper's regions, layer list,
    /// claim settings), whose encoding cannot fail; `.null` would show in `repro explain` if it did.
    static func defaultValue<T: Encodable>(_ value: T) -> JSONValue {
        do { return try Self.value(value) } catch { return .null }
    }

    /// Decodes the parameter `key` of `params` as `T`, naming stage and key on failure.
    static func decode<T: Decodable>(_ type: T.Type, _ params: StageParameters, key: String) throws -> T {
        let json = try params.json(key)
        do {
            return try JSONDecoder().decode(T.self, from: json.canonicalData())
        } catch let error as DecodingError {
            throw StageError.badParameter(stage: params.stage, parameter: key, reason: describe(error))
        } catch {
            throw StageError.badParameter(stage: params.stage, parameter: key, reason: "\(error)")
        }
    }
}

/// One line for a decoding error: where in the value, and what was expected.
private func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return keys.isEmpty ? "the value" : "at \(keys)"
    }
    func name(_ type: Any.Type) -> String {
        let text = "\(type)"
        if text.hasPrefix("Array") { return "an array" }
        if text.hasPrefix("Dictionary") { return "an object" }
        switch text {
        case "String": return "a string"
        case "Bool": return "a boolean"
        case "Int", "Int64", "UInt64", "Int32": return "an integer"
        case "Double", "Float": return "a number"
        default: return text
        }
    }
    switch error {
    case .typeMismatch(let type, let context): return "\(path(context)): expected \(name(type))"
    case .valueNotFound(let type, let context): return "\(path(context)): missing \(name(type))"
    case .keyNotFound(let key, let context): return "\(path(context)): missing key '\(key.stringValue)'"
    case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
    @unknown default: return "\(error)"
    }
}

extension StageContext {
    /// The single file bound to input `name` (e.g. the synthetic data), naming the stage when absent.
    func singleInput(_ name: String) throws -> String {
        let paths = try inputPaths(name)
        guard let first = paths.first else { throw StageError.missingInput(stage: stage, expected: "bound to '\(name)'", got: []) }
        return first
    }

    /// The first input path whose file name is `fileName`, among every input of the stage.
    func input(named fileName: String) -> String? {
        inputs.values.joined().flatMap(\.outputs).first { ($0 as NSString).lastPathComponent == fileName }
    }
}

/// 1, 2, ..., n as Int32: the values of the `task`, `task_a`, `task_b` coordinates (the paper's numbering).
func taskNumbers(_ n: Int) -> [Int32] { (0..<n).map { Int32($0 + 1) } }

extension HDF5Writer {
    /// Adds the `task`, `task_a` and `task_b` coordinates (1..c).
    func addTaskCoordinates(_ tasks: Int) throws {
        for name in ["task", "task_a", "task_b"] {
            try addCoordinate(name, values: taskNumbers(tasks), units: "1", longName: name == "task" ? "task" : "task (\(name.suffix(1)))",
                              description: "task number, 1-based as in the paper")
        }
    }
}

extension HDF5Reader {
    /// Reads dataset `name` as Doubles and checks its shape, naming the stage and file on a mismatch.
    func doubles(_ name: String, shape expected: [Int]? = nil, stage: String) throws -> (shape: [Int], values: [Double]) {
        let result: (shape: [Int], values: [Double])
        do { result = try read(name, as: Double.self) } catch {
            throw StageError.badInput(stage: stage, file: path, reason: "dataset '\(name)': \(error)")
        }
        if let expected, result.shape != expected {
            throw StageError.badInput(stage: stage, file: path,
                                      reason: "dataset '\(name)' has shape \(result.shape), expected \(expected)")
        }
        return result
    }
}
