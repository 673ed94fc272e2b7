public import ReproSupport

/// The cache key of one stage: SHA-256 of the canonical JSON encoding of
/// `{engine, kind, kindVersion, params, inputs, externals, outputs}` where `params` has defaults
/// applied, `inputs` maps each upstream stage to its output paths and content digests, and
/// `externals` maps each external file to its content digest.
public struct Fingerprint: Sendable, Hashable {
    /// Bumped when the scheduler's own encoding changes, to invalidate every cache entry.
    public static let engineVersion = 1

    public let kind: String
    public let kindVersion: Int
    public let params: [String: JSONValue]
    public let inputs: [String: [String: Digest]]
    public let externals: [String: Digest]
    public let outputs: [String]
    /// The fingerprints of every upstream stage, for kinds that record provenance; empty otherwise
    /// (and then left out of the document, so other fingerprints do not depend on it).
    public let provenance: [String: Digest]

    public init(kind: String, kindVersion: Int, params: [String: JSONValue], inputs: [String: [String: Digest]],
                externals: [String: Digest], outputs: [String], provenance: [String: Digest] = [:]) {
        self.kind = kind
        self.kindVersion = kindVersion
        self.params = params
        self.inputs = inputs
        self.externals = externals
        self.outputs = outputs
        self.provenance = provenance
    }

    /// The document that is hashed.
    public var document: JSONValue {
        var document: [String: JSONValue] = [
            "engine": .int(Int64(Self.engineVersion)),
            "kind": .string(kind),
            "kindVersion": .int(Int64(kindVersion)),
            "params": .object(params),
            "inputs": .object(inputs.mapValues { .object($0.mapValues { .string($0.hex) }) }),
            "externals": .object(externals.mapValues { .string($0.hex) }),
            "outputs": .array(outputs.map { .string($0) }),
        ]
        if !provenance.isEmpty { document["provenance"] = .object(provenance.mapValues { .string($0.hex) }) }
        return .object(document)
    }

    public func digest() throws(SupportError) -> Digest { try document.canonicalDigest() }
}

/// Why a stage is not fresh.
public enum StaleReason: Sendable, Hashable, CustomStringConvertible {
    case forced
    case neverRun
    case kindChanged(old: String, new: String)
    case kindVersionChanged(old: Int, new: Int)
    case paramChanged(key: String, old: JSONValue?, new: JSONValue?)
    case inputChanged(stage: String, output: String, old: Digest?, new: Digest?)
    case inputsChanged(added: [String], removed: [String])
    case upstreamPending(stage: String)
    case externalChanged(path: String, old: Digest?, new: Digest?)
    case outputsChanged
    case outputMissing(String)
    case outputModified(String)
    case unavailable(String)
    /// The fingerprint of a stage upstream changed (for kinds that record provenance).
    case provenanceChanged

    public var description: String {
        switch self {
        case .forced: return "forced (--force)"
        case .neverRun: return "no committed result yet"
        case .kindChanged(let old, let new): return "kind changed: \(old) -> \(new)"
        case .kindVersionChanged(let old, let new): return "kind version changed: \(old) -> \(new)"
        case .paramChanged(let key, let old, let new):
            return "param \(key) changed: \(Self.show(old)) -> \(Self.show(new))"
        case .inputChanged(let stage, let output, let old, let new):
            return "input \(stage) changed: \(output) \(Self.short(old)) -> \(Self.short(new))"
        case .inputsChanged(let added, let removed):
            return "inputs changed:" + (added.isEmpty ? "" : " added \(added.joined(separator: ", "))")
                + (removed.isEmpty ? "" : " removed \(removed.joined(separator: ", "))")
        case .upstreamPending(let stage): return "input \(stage) is not up to date"
        case .externalChanged(let path, let old, let new):
            return "external file \(path) changed: \(Self.short(old)) -> \(Self.short(new))"
        case .outputsChanged: return "promised outputs changed"
        case .outputMissing(let path): return "output \(path) is missing"
        case .outputModified(let path): return "output \(path) was modified"
        case .unavailable(let message): return "input unavailable: \(message)"
        case .provenanceChanged: return "the fingerprint of a stage upstream changed (provenance)"
        }
    }

    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "(absent)" }
        return (try? value.canonicalString()) ?? value.typeName
    }

    static func short(_ digest: Digest?) -> String { digest.map { String($0.hex.prefix(12)) } ?? "(absent)" }
}

/// The differences between a recorded fingerprint and the current one, in a stable order.
func differences(recorded r: StageRecord, current c: Fingerprint) -> [StaleReason] {
    var reasons: [StaleReason] = []
    if r.kind != c.kind { reasons.append(.kindChanged(old: r.kind, new: c.kind)) }
    if r.kindVersion != c.kindVersion { reasons.append(.kindVersionChanged(old: r.kindVersion, new: c.kindVersion)) }
    for key in Set(r.params.keys).union(c.params.keys).sorted() {
        let old = r.params[key], new = c.params[key]
        let same = (try? old?.canonicalString()) == (try? new?.canonicalString())
        if !same { reasons.append(.paramChanged(key: key, old: old, new: new)) }
    }
    let added = Set(c.inputs.keys).subtracting(r.inputs.keys).sorted()
    let removed = Set(r.inputs.keys).subtracting(c.inputs.keys).sorted()
    if !added.isEmpty || !removed.isEmpty { reasons.append(.inputsChanged(added: added, removed: removed)) }
    for stage in Set(c.inputs.keys).intersection(r.inputs.keys).sorted() {
        let old = r.inputs[stage] ?? [:], new = c.inputs[stage] ?? [:]
        for output in Set(old.keys).union(new.keys).sorted() where old[output] != new[output] {
            reasons.append(.inputChanged(stage: stage, output: output, old: old[output], new: new[output]))
        }
    }
    for path in Set(r.externals.keys).union(c.externals.keys).sorted() where r.externals[path]?.digest != c.externals[path] {
        reasons.append(.externalChanged(path: path, old: r.externals[path]?.digest, new: c.externals[path]))
    }
    if Set(r.outputs.keys) != Set(c.outputs) { reasons.append(.outputsChanged) }
    return reasons
}
