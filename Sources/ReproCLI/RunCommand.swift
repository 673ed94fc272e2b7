internal import Foundation

/// `repro run`: runs the stages of `pipeline.json` that are stale.
struct RunCommand: Command {
    let name = "run"
    let summary = "run the stale stages of pipeline.json"
    let usage = """
        usage: repro run [--quiet]

        Runs the stages of pipeline.json in the current folder.
        """

    func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments, command: name, flags: ["--quiet"])
        if parsed.has("--help") { print(usage); return ExitStatus.success }
        if let extra = parsed.positionals.first { throw UsageError.unexpectedArgument(command: name, argument: extra) }
        guard FileManager.default.fileExists(atPath: "pipeline.json") else {
            print("repro run: no pipeline.json in \(FileManager.default.currentDirectoryPath); nothing to run")
            return ExitStatus.success
        }
        print("repro run: the pipeline engine is not built yet; nothing to run")
        return ExitStatus.success
    }
}
