internal import Dispatch
internal import Foundation
internal import Pipeline
internal import ReproSupport

/// `repro run`: runs the stages of `pipeline.json` that are stale.
struct RunCommand: Command {
    let name = "run"
    let summary = "run the stale stages of pipeline.json"
    let usage = """
        usage: repro run [STAGE...] [--force] [--dry-run] [--jobs N] [--set STAGE.PARAM=VALUE]...
                         [--no-wait] [--quiet]

        Runs the stale stages of pipeline.json in the current folder (only STAGE and what it needs,
        when named; a foreach stage's base name means all its expansions).
          --force        rerun the named stages (all, when none is named) even when fresh
          --dry-run      print what would run and why; change nothing
          --jobs N       stages run at the same time (default: the number of cores)
          --set S.P=V    override parameter P of stage S (V is JSON, else a string); repeatable
          --no-wait      exit 2 when another repro holds the project instead of waiting
          --quiet        no progress, only the summary and errors
        Exit status: 0 all done, 1 a stage failed or was skipped, 2 configuration error, 130 interrupted.
        """

    func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments, command: name, flags: ["--quiet", "--force", "--dry-run", "--no-wait"],
                                   options: ["--jobs", "--set"])
        if parsed.has("--help") { print(usage); return ExitStatus.success }
        let jobs = try parsed.positiveInteger("--jobs", command: name) ?? ProcessInfo.processInfo.activeProcessorCount
        return try PipelineCommandSupport.guarded(name) { try execute(parsed, jobs: jobs) }
    }

    private func execute(_ parsed: Arguments, jobs: Int) throws -> Int32 {
            let definition = try PipelineCommandSupport.load(overrides: parsed.values("--set"))
            let root = PipelineCommandSupport.projectRoot
            let lock = try ProjectLock(projectRoot: root, wait: !parsed.has("--no-wait")) { pid in
                ReproMain.printError("repro run: waiting for the repro (pid \(pid)) that holds \(root)/outputs/.lock ...")
            }
            var options = RunOptions()
            options.targets = parsed.positionals
            options.force = parsed.has("--force")
            options.dryRun = parsed.has("--dry-run")
            options.jobs = jobs
            let quiet = parsed.has("--quiet")
            options.progressMode = ProgressMode.automatic(quiet: quiet)
            options.log = { @Sendable line in
                if line.hasPrefix("warning") { ReproMain.printError(line) } else if !quiet { print(line) }
            }
            let cancellation = Cancellation()
            let runner = Runner(definition: definition, projectRoot: root)
            let report = try Interrupts.whileHandlingSIGINT(cancellation) {
                try runner.run(options, cancellation: cancellation)
            }
            lock.release()
            return Self.summarize(report, dryRun: options.dryRun)
    }

    static func summarize(_ report: RunReport, dryRun: Bool) -> Int32 {
        if dryRun {
            for (stage, reasons) in report.planned {
                print("would run \(stage): \(reasons.map(\.description).joined(separator: "; "))")
            }
            print("repro run --dry-run: \(report.planned.count) to run, \(report.fresh.count) up to date, \(report.skipped.count) skipped")
        } else {
            print("repro run: \(report.executed.count) ran, \(report.restored.count) restored from the store, "
                  + "\(report.fresh.count) up to date, \(report.failed.count) failed, \(report.skipped.count) skipped")
        }
        for (stage, message) in report.failed { ReproMain.printError("FAILED \(stage): \(message)") }
        for (stage, reason) in report.skipped { ReproMain.printError("skipped \(stage): \(reason)") }
        if report.interrupted {
            ReproMain.printError("repro run: interrupted; finished stages are kept, nothing partial was committed")
            return ExitStatus.interrupted
        }
        return report.failed.isEmpty && report.skipped.isEmpty ? ExitStatus.success : ExitStatus.failure
    }
}

/// SIGINT handling for the duration of a run: the first Ctrl-C cancels (stages stop, temporary files
/// go), a second one ends the process at once (exit 130); the default action comes back afterwards.
enum Interrupts {
    /// The handler's own serial queue: the stages keep the global pool busy, so a handler queued there
    /// would wait for a stage to return.
    private static let queue = DispatchQueue(label: "repro.sigint")

    static func whileHandlingSIGINT<T>(_ cancellation: Cancellation, _ body: () throws -> T) throws -> T {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: queue)
        source.setEventHandler {
            if cancellation.isCancelled {
                ReproMain.printError("repro: interrupted again, exiting now")
                _exit(ExitStatus.interrupted)
            }
            ReproMain.printError("repro: interrupted, stopping the running stages ... (Ctrl-C again to exit now)")
            cancellation.cancel()
        }
        source.resume()
        defer {
            source.cancel()
            signal(SIGINT, SIG_DFL)
        }
        return try body()
    }
}
