public import Foundation
public import ReproSupport

/// One stage after foreach expansion: data only.
public struct StageSpec: Sendable, Hashable {
    /// Full name: `prep`, or `train[seed=0]` for a foreach expansion.
    public let name: String
    /// The name in pipeline.json (`train`).
    public let baseName: String
    public let kind: String
    /// Parameters with defaults applied and values in their declared types.
    public let params: StageParameters
    /// The foreach values of this expansion.
    public let bindings: [String: JSONValue]
    /// Input name as written (placeholders substituted) -> the full names of the stages it binds.
    public let inputs: [String: [String]]
    /// Promised outputs, project-relative, in the kind's order.
    public let outputs: [String]

    /// Every upstream stage, sorted.
    public let upstream: [String]
    /// Upstream stages given as optional inputs (`"name?"` in pipeline.json): when one of them is
    /// skipped or fails, this stage still runs, without that input.
    public let optional: Set<String>

    public init(name: String, baseName: String, kind: String, params: StageParameters, bindings: [String: JSONValue],
                inputs: [String: [String]], outputs: [String], optionalInputs: Set<String> = []) {
        self.name = name
        self.baseName = baseName
        self.kind = kind
        self.params = params
        self.bindings = bindings
        self.inputs = inputs
        self.outputs = outputs
        upstream = Array(Set(inputs.values.joined())).sorted()
        optional = Set(optionalInputs.compactMap { inputs[$0] }.joined())
    }
}

/// A loaded, validated pipeline: stages in dependency order.
public struct PipelineDefinition: Sendable {
    /// Stages ordered so that each comes after its inputs.
    public let stages: [StageSpec]
    public let kinds: [String: any StageKind]
    private let position: [String: Int]
    private let consumerMap: [String: [String]]

    public subscript(name: String) -> StageSpec? { position[name].map { stages[$0] } }

    /// Full names of the stages that take `name` as input, in dependency order.
    public func consumers(of name: String) -> [String] { consumerMap[name] ?? [] }

    /// Every stage `name` depends on, directly or not, sorted.
    public func transitiveUpstream(of name: String) -> [String] {
        let roots = self[name]?.upstream ?? []
        return reachable(from: roots) { self[$0]?.upstream ?? [] }.sorted()
    }

    init(stages: [StageSpec], kinds: [String: any StageKind]) {
        self.stages = stages
        self.kinds = kinds
        var position: [String: Int] = [:]
        var consumers: [String: [String]] = [:]
        for (i, s) in stages.enumerated() {
            position[s.name] = i
            for input in s.upstream { consumers[input, default: []].append(s.name) }
        }
        self.position = position
        consumerMap = consumers
    }

    /// Reads and validates `folder/pipeline.json`.
    public static func load(folder: String, kinds: [any StageKind], overrides: [String] = []) throws(PipelineError) -> PipelineDefinition {
        let path = (folder as NSString).appendingPathComponent("pipeline.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw .io(operation: "read", path: path, errno: EACCES) }
            throw .noPipeline(folder: folder)
        }
        return try parse(data, kinds: kinds, overrides: overrides)
    }

    /// Validates pipeline.json text. `overrides` are `stage.param=value` (value as JSON, else a string).
    public static func parse(_ data: Data, source: String = "pipeline.json", kinds kindList: [any StageKind],
                             overrides: [String] = []) throws(PipelineError) -> PipelineDefinition {
        let document: JSONValue
        do { document = try JSONValue.parse(data, source: source) } catch {
            if case .invalidJSON(_, let detail) = error { throw .syntax(file: source, detail: detail) }
            throw .syntax(file: source, detail: "\(error)")
        }
        if let duplicate = DuplicateKeyScanner.firstDuplicateStage(in: data) { throw .duplicateStage(duplicate) }
        var kinds: [String: any StageKind] = [:]
        for kind in kindList { kinds[kind.name] = kind }
        guard let root = document.objectValue else { throw .badValue(path: "(top level)", expected: "an object", got: document.typeName) }
        for key in root.keys where key != "stages" {
            throw .badValue(path: key, expected: "only the key \"stages\"", got: "'\(key)'")
        }
        guard let stagesValue = root["stages"] else { throw .badValue(path: "stages", expected: "an object of stages", got: "nothing") }
        guard let stageObjects = stagesValue.objectValue else { throw .badValue(path: "stages", expected: "an object", got: stagesValue.typeName) }

        let parsedOverrides = try Override.parseAll(overrides)
        var expanded: [StageSpec] = []
        var rawInputs: [String: [String]] = [:]
        var expansionsOf: [String: [String]] = [:]
        for baseName in stageObjects.keys.sorted() {
            let path = "stages.\(baseName)"
            guard Self.isValidName(baseName) else {
                throw .badValue(path: path, expected: "a name of letters, digits, '_', '-' or '.'", got: "'\(baseName)'")
            }
            guard let body = stageObjects[baseName]?.objectValue else {
                throw .badValue(path: path, expected: "an object", got: stageObjects[baseName]?.typeName ?? "nothing")
            }
            for key in body.keys where !["kind", "params", "inputs", "foreach"].contains(key) {
                throw .badValue(path: "\(path).\(key)", expected: "one of kind, params, inputs, foreach", got: "'\(key)'")
            }
            guard let kindName = body["kind"]?.stringValue else {
                throw .badValue(path: "\(path).kind", expected: "a string", got: body["kind"]?.typeName ?? "nothing")
            }
            guard let kind = kinds[kindName] else { throw .unknownKind(path: "\(path).kind", kind: kindName, valid: kinds.keys.sorted()) }
            let params = body["params"] ?? .object([:])
            guard let paramObject = params.objectValue else { throw .badValue(path: "\(path).params", expected: "an object", got: params.typeName) }
            let inputsValue = body["inputs"] ?? .array([])
            guard let inputArray = inputsValue.arrayValue else { throw .badValue(path: "\(path).inputs", expected: "an array of stage names", got: inputsValue.typeName) }
            var inputNames: [String] = []
            for (i, item) in inputArray.enumerated() {
                guard let s = item.stringValue else { throw .badValue(path: "\(path).inputs[\(i)]", expected: "a stage name", got: item.typeName) }
                inputNames.append(s)
            }
            let combinations = try Self.foreachCombinations(body["foreach"], path: "\(path).foreach", kind: kind)
            for bindings in combinations {
                let name = bindings.isEmpty ? baseName : baseName + "[" + bindings.keys.sorted().map { "\($0)=\(Self.spell(bindings[$0]!))" }.joined(separator: ",") + "]"
                var values = paramObject
                for (k, v) in bindings {
                    if paramObject[k] != nil { throw .badValue(path: "\(path).params.\(k)", expected: "no value (it is set by foreach)", got: "a value") }
                    values[k] = v
                }
                let unchanged = values
                var origins: [String: Override] = [:]  // parameter -> the --set that gave its value
                for o in parsedOverrides where o.stage == baseName || o.stage == name {
                    values[o.param] = o.value
                    origins[o.param] = o
                }
                let stageParams = try Self.validate(values, stage: name, path: "\(path).params", kind: kind, origins: origins)
                try Self.check(stageParams, kind: kind, path: "\(path).params", overrides: origins.isEmpty ? nil : (origins, unchanged))
                let outputs = kind.outputs(stage: name, params: stageParams)
                for output in outputs where !Self.isAllowedOutput(output) { throw .badOutput(stage: name, output: output) }
                let substituted = inputNames.map { input in
                    bindings.reduce(input) { $0.replacingOccurrences(of: "{\($1.key)}", with: Self.spell($1.value)) }
                }
                rawInputs[name] = substituted
                expansionsOf[baseName, default: []].append(name)
                expanded.append(StageSpec(name: name, baseName: baseName, kind: kindName, params: stageParams,
                                          bindings: bindings, inputs: [:], outputs: outputs))
            }
        }
        // Names, overrides and inputs resolve against the expanded set.
        var byName: [String: StageSpec] = [:]
        for stage in expanded {
            if byName[stage.name] != nil { throw .duplicateStage(stage.name) }
            byName[stage.name] = stage
        }
        for o in parsedOverrides where byName[o.stage] == nil && expansionsOf[o.stage] == nil {
            throw .badOverride(o.text, reason: PipelineError.unknownStage(o.stage, valid: expansionsOf.keys.sorted()).description)
        }
        var owner: [String: String] = [:]
        var resolved: [StageSpec] = []
        for stage in expanded {
            for output in stage.outputs {
                if let other = owner[output] { throw .duplicateOutput(output: output, stages: [other, stage.name]) }
                owner[output] = stage.name
            }
            var inputs: [String: [String]] = [:]
            var optionalInputs: Set<String> = []
            for written in rawInputs[stage.name] ?? [] {
                let input = written.hasSuffix("?") ? String(written.dropLast()) : written
                if input != written { optionalInputs.insert(input) }
                if byName[input] != nil {
                    inputs[input] = [input]
                } else if let group = expansionsOf[input], !(group.count == 1 && group[0] == input) {
                    inputs[input] = group
                } else {
                    throw .unknownInput(stage: stage.name, input: input)
                }
            }
            resolved.append(StageSpec(name: stage.name, baseName: stage.baseName, kind: stage.kind, params: stage.params,
                                      bindings: stage.bindings, inputs: inputs, outputs: stage.outputs,
                                      optionalInputs: optionalInputs))
        }
        let lookup = Dictionary(uniqueKeysWithValues: resolved.map { ($0.name, $0) })
        switch topologicalOrder(resolved.map(\.name), predecessors: { lookup[$0]?.upstream ?? [] }) {
        case .success(let order): return PipelineDefinition(stages: order.compactMap { lookup[$0] }, kinds: kinds)
        case .failure(let cycle): throw .cycle(cycle.nodes)
        }
    }

    // MARK: - Validation helpers

    /// Types `values` by the kind's schema; an error names `path`, or the `--set` in `origins` (parameter ->
    /// the override that gave its value) when the value came from one.
    static func validate(_ values: [String: JSONValue], stage: String, path: String, kind: any StageKind,
                         origins: [String: Override] = [:]) throws(PipelineError) -> StageParameters {
        var out: [String: JSONValue] = [:]
        let specs = kind.parameters
        for key in values.keys.sorted() where !specs.contains(where: { $0.name == key }) {
            if let origin = origins[key] {
                let valid = specs.map(\.name).sorted().joined(separator: ", ")
                throw .badOverride(origin.text, reason: "stage \(stage) has no parameter '\(key)'; valid parameters: \(valid)")
            }
            throw .unknownParameter(path: "\(path).\(key)", valid: specs.map(\.name))
        }
        for spec in specs {
            guard let value = values[spec.name] ?? spec.defaultValue else {
                throw .missingParameter(stage: stage, key: spec.name)
            }
            guard let normal = spec.type.normalize(value) else {
                if let origin = origins[spec.name] {
                    throw .badOverride(origin.text, reason: "expected \(spec.type.expected), got \(Self.describe(value))")
                }
                throw .badParameter(path: "\(path).\(spec.name)", expected: spec.type.expected, got: Self.describe(value))
            }
            out[spec.name] = normal
        }
        return StageParameters(stage: stage, values: out)
    }

    /// Runs the kind's own `validate`. A rejection names `path`, or the `--set` overrides to blame when
    /// the values without them (`overrides.unchanged`) pass: those rejected on their own, else all.
    static func check(_ params: StageParameters, kind: any StageKind, path: String,
                      overrides: (origins: [String: Override], unchanged: [String: JSONValue])?) throws(PipelineError) {
        let message: String
        do { try kind.validate(params); return } catch { message = "\(error)" }
        func passes(_ values: [String: JSONValue]) -> Bool {
            do { try kind.validate(try Self.validate(values, stage: params.stage, path: path, kind: kind)); return true } catch { return false }
        }
        if let overrides, passes(overrides.unchanged) {
            let all = overrides.origins.values.sorted { $0.text < $1.text }
            let alone = all.filter { !passes(overrides.unchanged.merging([$0.param: $0.value]) { $1 }) }
            throw .badOverride((alone.isEmpty ? all : alone).map(\.text).joined(separator: ", --set "), reason: message)
        }
        throw .rejectedParameters(path: path, stage: params.stage, message: message)
    }

    static func foreachCombinations(_ value: JSONValue?, path: String, kind: any StageKind) throws(PipelineError) -> [[String: JSONValue]] {
        guard let value else { return [[:]] }
        guard let object = value.objectValue, !object.isEmpty else {
            throw .badValue(path: path, expected: "an object of parameter -> array of values", got: value.typeName)
        }
        var combinations: [[String: JSONValue]] = [[:]]
        for key in object.keys.sorted() {
            guard kind.parameters.contains(where: { $0.name == key }) else {
                throw .unknownParameter(path: "\(path).\(key)", valid: kind.parameters.map(\.name))
            }
            guard let values = object[key]?.arrayValue, !values.isEmpty else {
                let got = object[key]?.arrayValue != nil ? "an empty array" : object[key]?.typeName ?? "nothing"
                throw .badValue(path: "\(path).\(key)", expected: "a non-empty array", got: got)
            }
            combinations = combinations.flatMap { partial in values.map { v in partial.merging([key: v]) { $1 } } }
        }
        return combinations
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0) }
    }

    /// Outputs must be relative, stay under `outputs/` or `paper/`, and avoid the scheduler's own files.
    static func isAllowedOutput(_ output: String) -> Bool {
        let parts = output.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, !output.hasPrefix("/"), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return false }
        guard parts[0] == "outputs" || parts[0] == "paper" else { return false }
        if parts[0] == "outputs", parts[1].hasPrefix(".") || parts[1] == "pipeline.lock" { return false }
        return true
    }

    /// How a foreach value is spelled in a stage name: strings bare, anything else canonical JSON.
    static func spell(_ value: JSONValue) -> String {
        if let s = value.stringValue { return s }
        return (try? value.canonicalString()) ?? "\(value)"
    }

    static func describe(_ value: JSONValue) -> String {
        if value == .null { return "null" }
        let text = (try? value.canonicalString()) ?? value.typeName
        return "\(value.typeName) \(text.count > 40 ? String(text.prefix(40)) + "..." : text)"
    }
}

/// One `--set stage.param=value`.
struct Override: Sendable {
    /// As written after `--set`.
    let text: String
    let stage: String
    let param: String
    let value: JSONValue

    static func parseAll(_ texts: [String]) throws(PipelineError) -> [Override] {
        var out: [Override] = []
        for text in texts { out.append(try parse(text)) }
        return out
    }

    /// Splits at the first `.` and the first `=` outside brackets; the value is JSON, or else a string.
    static func parse(_ text: String) throws(PipelineError) -> Override {
        var depth = 0
        var dot: String.Index?
        var equals: String.Index?
        for i in text.indices {
            switch text[i] {
            case "[": depth += 1
            case "]": depth -= 1
            case "." where depth == 0 && equals == nil: if dot == nil { dot = i }
            case "=" where depth == 0: if equals == nil, dot != nil { equals = i }
            default: break
            }
            if equals != nil { break }
        }
        guard let dot, let equals, dot < equals else { throw .badOverride(text, reason: "expected stage.param=value") }
        let stage = String(text[..<dot])
        let param = String(text[text.index(after: dot)..<equals])
        let raw = String(text[text.index(after: equals)...])
        guard !stage.isEmpty, !param.isEmpty else { throw .badOverride(text, reason: "expected stage.param=value") }
        // Text that is not JSON is taken as a string, so `--set s.name=abc` needs no quotes.
        do {
            return Override(text: text, stage: stage, param: param, value: try JSONValue.parse(raw, source: "--set"))
        } catch {
            return Override(text: text, stage: stage, param: param, value: .string(raw))
        }
    }
}
