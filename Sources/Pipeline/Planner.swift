public import ReproSupport

/// Whether one stage is fresh, and if not why.
public struct StageStatus: Sendable {
    public let stage: String
    /// Empty when the stage is fresh.
    public let reasons: [StaleReason]
    /// The current fingerprint, when every input is known.
    public let fingerprint: Fingerprint?
    public let fingerprintDigest: Digest?
    /// The current external file records (for the lock file).
    public let externals: [String: FileRecord]
    /// The current records of the outputs at their stable paths (only when fresh).
    public let outputs: [String: FileRecord]

    public var isFresh: Bool { reasons.isEmpty }
}

/// Decides staleness from the lock file, the files on disk and the pipeline definition.
/// Never looks at timestamps except through the stat cache, which only decides whether to rehash.
public struct Planner: Sendable {
    public let definition: PipelineDefinition
    public let store: Store
    public let lock: LockFile

    public init(definition: PipelineDefinition, store: Store, lock: LockFile) {
        self.definition = definition
        self.store = store
        self.lock = lock
    }

    /// The current fingerprint of `stage` given the output digests of its upstream stages.
    /// Throws `StageInputUnavailable` (from the kind, or for a missing external file).
    /// Optional upstream stages in `absent` (skipped or failed) are left out of the fingerprint.
    /// For a kind that records provenance, `fingerprints` gives the current fingerprint of the stages
    /// upstream (those unknown are left out).
    func fingerprint(_ stage: StageSpec, upstream: [String: [String: Digest]], absent: Set<String> = [],
                     fingerprints: [String: Digest] = [:]) throws -> (Fingerprint, [String: FileRecord]) {
        guard let kind = definition.kinds[stage.kind] else { throw PipelineError.unknownKind(path: "stages.\(stage.baseName).kind", kind: stage.kind, valid: []) }
        var externals: [String: FileRecord] = [:]
        for path in try kind.externalFiles(stage.params) {
            guard let record = try store.record(of: path) else {
                throw StageInputUnavailable("\(stage.name) reads \(path), which does not exist")
            }
            externals[path] = record
        }
        var inputs: [String: [String: Digest]] = [:]
        for name in stage.upstream where !absent.contains(name) { inputs[name] = upstream[name] ?? [:] }
        var provenance: [String: Digest] = [:]
        if kind.recordsProvenance {
            for name in definition.transitiveUpstream(of: stage.name) { provenance[name] = fingerprints[name] }
        }
        let fingerprint = Fingerprint(kind: stage.kind, kindVersion: kind.version, params: stage.params.values,
                                      inputs: inputs, externals: externals.mapValues(\.digest), outputs: stage.outputs,
                                      provenance: provenance)
        return (fingerprint, externals)
    }

    /// Evaluates one stage. `upstream` holds the current output digests of every upstream stage that
    /// is fresh; an upstream stage missing from it is pending, which makes this stage stale, unless it
    /// is an optional input listed in `absent` (skipped or failed), which the stage then runs without.
    public func evaluate(_ stage: StageSpec, upstream: [String: [String: Digest]], force: Bool = false,
                         absent: Set<String> = [], fingerprints: [String: Digest] = [:]) -> StageStatus {
        let record = lock.stages[stage.name]
        let pending = stage.upstream.filter { upstream[$0] == nil && !absent.contains($0) }
        if !pending.isEmpty {
            return StageStatus(stage: stage.name, reasons: pending.map { .upstreamPending(stage: $0) },
                               fingerprint: nil, fingerprintDigest: nil, externals: [:], outputs: [:])
        }
        let fingerprint: Fingerprint
        let externals: [String: FileRecord]
        let digest: Digest
        do {
            (fingerprint, externals) = try self.fingerprint(stage, upstream: upstream, absent: absent,
                                                            fingerprints: fingerprints)
            digest = try fingerprint.digest()
        } catch {
            let message = (error as? StageInputUnavailable)?.message ?? "\(error)"
            return StageStatus(stage: stage.name, reasons: [.unavailable(message)], fingerprint: nil,
                               fingerprintDigest: nil, externals: [:], outputs: [:])
        }
        var reasons: [StaleReason] = force ? [.forced] : []
        var outputs: [String: FileRecord] = [:]
        if let record {
            if record.fingerprint != digest {
                let found = differences(recorded: record, current: fingerprint)
                let unexplained: StaleReason = fingerprint.provenance.isEmpty
                    ? .paramChanged(key: "(encoding)", old: nil, new: nil) : .provenanceChanged
                reasons += found.isEmpty ? [unexplained] : found
            }
            for output in stage.outputs {
                do {
                    guard let current = try store.record(of: output) else { reasons.append(.outputMissing(output)); continue }
                    if current.digest != record.outputs[output]?.digest { reasons.append(.outputModified(output)) }
                    outputs[output] = current
                } catch {
                    reasons.append(.outputMissing(output))
                }
            }
        } else {
            reasons.append(.neverRun)
        }
        return StageStatus(stage: stage.name, reasons: reasons, fingerprint: fingerprint, fingerprintDigest: digest,
                           externals: externals, outputs: reasons.isEmpty ? outputs : [:])
    }

    /// The status of every stage, in dependency order.
    public func statusOfAll() -> [StageStatus] {
        var digests: [String: [String: Digest]] = [:]
        var fingerprints: [String: Digest] = [:]
        var unavailable: Set<String> = []
        var out: [StageStatus] = []
        out.reserveCapacity(definition.stages.count)
        for stage in definition.stages {
            let absent = stage.optional.intersection(unavailable)
            if stage.upstream.contains(where: { unavailable.contains($0) && !absent.contains($0) }) { unavailable.insert(stage.name) }
            let status = evaluate(stage, upstream: digests, absent: absent, fingerprints: fingerprints)
            if status.isFresh {
                digests[stage.name] = status.outputs.mapValues(\.digest)
                fingerprints[stage.name] = status.fingerprintDigest
            }
            if case .unavailable? = status.reasons.first { unavailable.insert(stage.name) }
            out.append(status)
        }
        return out
    }
}
