internal import Foundation
internal import Pipeline
internal import ReproSupport

/// `repro gc`: removes store entries no stage references.
struct GcCommand: Command {
    let name = "gc"
    let summary = "remove stored outputs that no stage of pipeline.json references"
    let usage = """
        usage: repro gc [--no-wait]

        Drops lock-file entries of stages no longer in pipeline.json, then removes every object of
        outputs/.store that no remaining entry references (older results kept for reverting
        parameters go too) and the action-cache entries that pointed at them.
        """

    func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments, command: name, flags: ["--no-wait"])
        if parsed.has("--help") { print(usage); return ExitStatus.success }
        if let extra = parsed.positionals.first { throw UsageError.unexpectedArgument(command: name, argument: extra) }
        return try PipelineCommandSupport.guarded(name) {
            let definition = try PipelineCommandSupport.load()
            let root = PipelineCommandSupport.projectRoot
            let projectLock = try ProjectLock(projectRoot: root, wait: !parsed.has("--no-wait")) { pid in
                ReproMain.printError("repro gc: waiting for the repro (pid \(pid)) that holds \(root)/outputs/.lock ...")
            }
            var lock = try PipelineCommandSupport.readLock(name)
            let store = Store(projectRoot: root, known: lock.knownFiles)
            let names = Set(definition.stages.map(\.name))
            let dropped = lock.stages.keys.filter { !names.contains($0) }
            for name in dropped { lock.stages[name] = nil }
            if !dropped.isEmpty { try lock.write(path: store.lockPath) }
            let keep = Set(lock.stages.values.flatMap { $0.outputs.values.map(\.digest) })
            let (objects, bytes) = store.collectGarbage(keep: keep)
            projectLock.release()
            print("repro gc: removed \(objects) stored outputs (\(String(format: "%.1f", Double(bytes) / 1e6)) MB)"
                  + (dropped.isEmpty ? "" : " and the records of \(dropped.count) stages no longer in pipeline.json"))
            return ExitStatus.success
        }
    }
}
