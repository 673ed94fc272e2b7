internal import Foundation
public import ReproSupport
internal import Dispatch
internal import Synchronization

/// A flag set once, from any thread (the SIGINT handler), read by the runner and the stages.
public final class Cancellation: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func cancel() { flag.store(true, ordering: .sequentiallyConsistent) }
    public var isCancelled: Bool { flag.load(ordering: .sequentiallyConsistent) }
}

/// How `Runner.run` behaves.
public struct RunOptions: Sendable {
    /// Stage names (full, or the base name of a foreach stage); empty runs every stage.
    public var targets: [String] = []
    /// Rerun the targets (every stage when there are none) even when fresh.
    public var force = false
    /// Only report what would happen.
    public var dryRun = false
    /// Stages run at the same time (at least 1).
    public var jobs = ProcessInfo.processInfo.activeProcessorCount
    public var progressMode: ProgressMode = .quiet
    /// One line per event ("run prep", "restored prep"); stdout in the CLI. Failed and skipped stages
    /// are not logged: they are in the report.
    public var log: @Sendable (String) -> Void = { _ in }

    public init() {}
}

/// What one `run` did, stage by stage (full names, in the order the events happened).
public struct RunReport: Sendable {
    /// Stages whose kind's `run` was called and committed.
    public var executed: [String] = []
    /// Stages whose outputs were restored from the store (run-cache) without running.
    public var restored: [String] = []
    /// Stages that were already fresh.
    public var fresh: [String] = []
    /// Stages that failed, with the error.
    public var failed: [(stage: String, message: String)] = []
    /// Stages not run, with the reason (an unavailable input, a failed or skipped upstream).
    public var skipped: [(stage: String, reason: String)] = []
    /// Dry run: the stages that would run (or be restored), with why.
    public var planned: [(stage: String, reasons: [StaleReason])] = []
    /// Set when the lock file was unreadable and rebuilt; the message says why.
    public var recoveredLock: String?
    public var interrupted = false

    public var succeeded: Bool { failed.isEmpty && skipped.isEmpty && !interrupted }
}

/// Runs the stale stages of a pipeline: fresh folders per attempt, atomic commits, bounded parallelism.
/// The caller holds the project lock (`ProjectLock`) for the whole call.
public final class Runner: Sendable {
    public let definition: PipelineDefinition
    public let projectRoot: String

    public init(definition: PipelineDefinition, projectRoot: String) {
        self.definition = definition
        self.projectRoot = projectRoot
    }

    /// The full names of `targets` (a base name stands for all its expansions) and all their upstream stages.
    public func selection(_ targets: [String]) throws(PipelineError) -> (selected: Set<String>, named: Set<String>) {
        guard !targets.isEmpty else { let all = Set(definition.stages.map(\.name)); return (all, all) }
        var named: Set<String> = []
        for target in targets {
            let matches = definition.stages.filter { $0.name == target || $0.baseName == target }.map(\.name)
            guard !matches.isEmpty else { throw .unknownStage(target, valid: Set(definition.stages.map(\.baseName)).sorted()) }
            named.formUnion(matches)
        }
        let closure = reachable(from: Array(named).sorted()) { definition[$0]?.upstream ?? [] }
        return (closure, named)
    }

    public func run(_ options: RunOptions, cancellation: Cancellation = Cancellation()) throws(PipelineError) -> RunReport {
        var report = RunReport()
        var lock: LockFile
        do { lock = try LockFile.read(path: projectRoot + "/outputs/pipeline.lock") } catch {
            guard case .corruptLock = error else { throw error }
            report.recoveredLock = error.description
            options.log("warning: \(error.description)")
            lock = LockFile()
        }
        let store = Store(projectRoot: projectRoot, known: lock.knownFiles)
        let planner = Planner(definition: definition, store: store, lock: lock)
        let (selected, named) = try selection(options.targets)
        if !options.dryRun { store.removeAttemptFolders() }

        var digests: [String: [String: Digest]] = [:]
        /// The current fingerprint of every stage committed or found fresh (for kinds recording provenance).
        var fingerprints: [String: Digest] = [:]
        var blocked: [String: String] = [:]          // stage -> why its consumers cannot run
        var waitingOn: [String: Int] = [:]
        var queue: [StageSpec] = []
        var head = 0
        var lockDirty = report.recoveredLock != nil
        for stage in definition.stages where selected.contains(stage.name) {
            let count = stage.upstream.filter { selected.contains($0) }.count
            waitingOn[stage.name] = count
            if count == 0 { queue.append(stage) }
        }
        let completions = Mutex<[(StageSpec, AttemptResult)]>([])
        let signal = DispatchSemaphore(value: 0)
        var running = 0
        var attempt = 0

        func finish(_ stage: StageSpec) {
            for consumer in definition.consumers(of: stage.name) where selected.contains(consumer) {
                waitingOn[consumer, default: 1] -= 1
                if waitingOn[consumer] == 0, let spec = definition[consumer] { queue.append(spec) }
            }
        }
        func block(_ stage: StageSpec, _ why: String) { blocked[stage.name] = why; finish(stage) }
        func commit(_ stage: StageSpec, status: StageStatus, outputs: [String: Digest], staged: [String: String], seconds: Double) throws(PipelineError) {
            var records: [String: FileRecord] = [:]
            for output in stage.outputs {
                guard let digest = outputs[output] else { throw .missingOutput(stage: stage.name, output: output) }
                if let file = staged[output] { try store.insert(file, digest: digest) }
                records[output] = try store.expose(digest, at: output)
            }
            guard let fingerprint = status.fingerprint, let key = status.fingerprintDigest else { return }
            try store.recordAction(key, outputs: outputs)
            lock.stages[stage.name] = StageRecord(
                kind: stage.kind, kindVersion: fingerprint.kindVersion, fingerprint: key, params: fingerprint.params,
                inputs: fingerprint.inputs, externals: status.externals, outputs: records, seconds: seconds,
                committedAt: ISO8601DateFormatter().string(from: Date()))
            try lock.write(path: store.lockPath)
            lockDirty = false
            digests[stage.name] = outputs
            fingerprints[stage.name] = key
        }

        while true {
            for (stage, result) in completions.withLock({ let all = $0; $0 = []; return all }) {
                running -= 1
                switch result {
                case .success(let status, let staged, let outputs, let seconds):
                    do {
                        try commit(stage, status: status, outputs: outputs, staged: staged, seconds: seconds)
                        report.executed.append(stage.name)
                        options.log("done \(stage.name) in \(ProgressDisplay.duration(seconds))")
                        finish(stage)
                    } catch {
                        report.failed.append((stage.name, error.description))
                        block(stage, "input \(stage.name) failed")
                    }
                case .failed(let message):
                    report.failed.append((stage.name, message))
                    block(stage, "input \(stage.name) failed")
                case .unavailable(let message):
                    report.skipped.append((stage.name, message))
                    block(stage, "input \(stage.name) was skipped")
                case .interrupted:
                    block(stage, "interrupted")
                }
            }
            if cancellation.isCancelled { report.interrupted = true }
            while !report.interrupted, running < max(options.jobs, 1), head < queue.count {
                let stage = queue[head]
                head += 1
                if let why = stage.upstream.lazy.filter({ !stage.optional.contains($0) }).compactMap({ blocked[$0] }).first {
                    report.skipped.append((stage.name, why))
                    block(stage, "input \(stage.name) was skipped")
                    continue
                }
                let absent = Set(stage.optional.filter { blocked[$0] != nil })
                let status = planner.evaluate(stage, upstream: digests, force: options.force && named.contains(stage.name),
                                              absent: absent, fingerprints: fingerprints)
                if status.isFresh {
                    digests[stage.name] = status.outputs.mapValues(\.digest)
                    fingerprints[stage.name] = status.fingerprintDigest
                    if lock.stages[stage.name]?.outputs != status.outputs || lock.stages[stage.name]?.externals != status.externals {
                        lock.stages[stage.name]?.outputs = status.outputs
                        lock.stages[stage.name]?.externals = status.externals
                        lockDirty = true
                    }
                    report.fresh.append(stage.name)
                    finish(stage)
                    continue
                }
                if case .unavailable(let message)? = status.reasons.first {
                    report.skipped.append((stage.name, message))
                    block(stage, "input \(stage.name) was skipped")
                    continue
                }
                if options.dryRun {
                    report.planned.append((stage.name, status.reasons))
                    finish(stage)  // consumers see it as pending, so they are planned too
                    continue
                }
                if !status.reasons.contains(.forced), let key = status.fingerprintDigest, let cached = store.cachedOutputs(key),
                   Set(cached.keys) == Set(stage.outputs), cached.values.allSatisfy({ store.verifyObject($0) }) {
                    do {
                        try commit(stage, status: status, outputs: cached, staged: [:], seconds: 0)
                        report.restored.append(stage.name)
                        options.log("restored \(stage.name) from the store")
                        finish(stage)
                        continue
                    } catch {
                        options.log("warning: \(stage.name): could not restore from the store (\(error)); running it")
                    }
                }
                attempt += 1
                running += 1
                options.log("run \(stage.name): \(status.reasons.map(\.description).joined(separator: "; "))")
                let thisAttempt = attempt
                let kind = definition.kinds[stage.kind]
                let inputs = inputBindings(stage, digests: digests)
                DispatchQueue.global().async { [projectRoot] in
                    let result = Self.attempt(stage, kind: kind, status: status, inputs: inputs, store: store, number: thisAttempt,
                                              projectRoot: projectRoot, options: options, cancellation: cancellation)
                    completions.withLock { $0.append((stage, result)) }
                    signal.signal()
                }
            }
            if running == 0 && (head == queue.count || report.interrupted) { break }
            _ = signal.wait(timeout: .now() + .milliseconds(100))
        }
        if lockDirty && !options.dryRun { try lock.write(path: store.lockPath) }
        if !options.dryRun { store.removeAttemptFolders() }
        return report
    }

    /// The input bindings a stage's context receives, with absolute paths.
    private func inputBindings(_ stage: StageSpec, digests: [String: [String: Digest]]) -> [String: [StageInput]] {
        stage.inputs.mapValues { names in
            names.compactMap { name in
                guard let upstream = definition[name], digests[name] != nil else { return nil }
                return StageInput(stage: name, bindings: upstream.bindings, outputs: upstream.outputs.map { projectRoot + "/" + $0 })
            }
        }
    }
}

// MARK: - One attempt

enum AttemptResult: Sendable {
    /// `staged`: output -> file in the attempt folder; `outputs`: output -> digest.
    case success(StageStatus, staged: [String: String], outputs: [String: Digest], seconds: Double)
    case failed(String)
    case unavailable(String)
    case interrupted
}

extension Runner {
    /// Runs the kind in a fresh folder and checks and hashes every promised output. Commits nothing.
    static func attempt(_ stage: StageSpec, kind: (any StageKind)?, status: StageStatus, inputs: [String: [StageInput]],
                        store: Store, number: Int, projectRoot: String, options: RunOptions,
                        cancellation: Cancellation) -> AttemptResult {
        guard let kind else { return .failed("unknown kind \(stage.kind)") }
        let folder: String
        do { folder = try store.attemptFolder(stage: stage.name, attempt: number) } catch { return .failed(error.description) }
        var staged: [String: String] = [:]
        for (i, output) in stage.outputs.enumerated() {
            staged[output] = folder + "/\(i)-" + (output as NSString).lastPathComponent
        }
        let context = StageContext(stage: stage.name, params: stage.params, projectRoot: projectRoot, inputs: inputs,
                                   outputs: staged, externalFiles: status.externals.keys.sorted().map { store.absolute($0) },
                                   progressMode: options.progressMode, isCancelled: { cancellation.isCancelled })
        let start = ProgressDisplay.monotonicSeconds()
        do {
            try kind.run(context)
        } catch let error as StageInputUnavailable {
            try? FileManager.default.removeItem(atPath: folder)
            return .unavailable(error.message)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            if cancellation.isCancelled { return .interrupted }
            return .failed("\(error)")
        }
        let seconds = ProgressDisplay.monotonicSeconds() - start
        if cancellation.isCancelled {
            try? FileManager.default.removeItem(atPath: folder)
            return .interrupted
        }
        var digests: [String: Digest] = [:]
        for output in stage.outputs {
            guard let file = staged[output], Store.fileStat(file) != nil else {
                try? FileManager.default.removeItem(atPath: folder)
                return .failed(PipelineError.missingOutput(stage: stage.name, output: output).description)
            }
            do { digests[output] = try SHA256.hash(fileAt: file) } catch {
                try? FileManager.default.removeItem(atPath: folder)
                return .failed(error.description)
            }
        }
        return .success(status, staged: staged, outputs: digests, seconds: seconds)
    }
}
