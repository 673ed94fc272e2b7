internal import Foundation
internal import Pipeline
internal import ReproSupport

/// `repro explain STAGE`: the exact difference between the recorded and the current fingerprint.
struct ExplainCommand: Command {
    let name = "explain"
    let summary = "say exactly what changed for one stage since it last ran"
    let usage = """
        usage: repro explain STAGE

        Compares the fingerprint recorded in outputs/pipeline.lock for STAGE (a full name such as
        train[seed=0], or a foreach base name for every expansion) with the current one: which parameter (old and new value), which input or
        external file (old and new digest), and whether an output is missing or was modified.
        """

    func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments, command: name)
        if parsed.has("--help") { print(usage); return ExitStatus.success }
        guard parsed.positionals.count == 1, let target = parsed.positionals.first else {
            throw UsageError.missingArgument(command: name, what: "exactly one STAGE")
        }
        return try PipelineCommandSupport.guarded(name) {
            let definition = try PipelineCommandSupport.load()
            let stages = definition.stages.filter { $0.name == target || $0.baseName == target }
            guard !stages.isEmpty else { throw PipelineError.unknownStage(target, valid: definition.stages.map(\.name)) }
            let lock = try PipelineCommandSupport.readLock(name)
            let store = Store(projectRoot: PipelineCommandSupport.projectRoot, known: lock.knownFiles)
            let planner = Planner(definition: definition, store: store, lock: lock)
            let statuses = Dictionary(uniqueKeysWithValues: planner.statusOfAll().map { ($0.stage, $0) })
            for stage in stages { try explain(stage, definition: definition, lock: lock, store: store, planner: planner, statuses: statuses) }
            return ExitStatus.success
        }
    }

    private func explain(_ stage: StageSpec, definition: PipelineDefinition, lock: LockFile, store: Store, planner: Planner,
                         statuses: [String: StageStatus]) throws {
        // Inputs that are themselves stale are compared as they are on disk now.
        var upstream: [String: [String: Digest]] = [:]
        for name in stage.upstream {
            guard let spec = definition[name] else { continue }
            var outputs: [String: Digest] = [:]
            for output in spec.outputs { if let record = try store.record(of: output) { outputs[output] = record.digest } }
            upstream[name] = outputs
        }
        let status = planner.evaluate(stage, upstream: upstream,
                                      fingerprints: lock.stages.mapValues(\.fingerprint))
        print("stage \(stage.name) (kind \(stage.kind))")
        if let record = lock.stages[stage.name] {
            print("  recorded fingerprint \(record.fingerprint.hex) (\(record.committedAt))")
        } else {
            print("  no recorded fingerprint: no committed result yet")
        }
        if let current = status.fingerprintDigest { print("  current fingerprint  \(current.hex)") }
        for name in stage.upstream where statuses[name]?.isFresh == false {
            let why = statuses[name]?.reasons.map(\.description).joined(separator: "; ") ?? ""
            print("  input \(name) is stale: \(why)")
        }
        if status.isFresh && stage.upstream.allSatisfy({ statuses[$0]?.isFresh ?? true }) {
            print("  fresh: nothing changed")
        }
        for reason in status.reasons { print("  \(reason)") }
    }
}
