internal import Foundation
internal import Pipeline
internal import ReproSupport

/// `repro status`: each stage fresh or stale, and why.
struct StatusCommand: Command {
    let name = "status"
    let summary = "show which stages are fresh or stale, and why"
    let usage = """
        usage: repro status [--json]

        Lists every stage of pipeline.json with 'fresh' or 'stale' and the reasons. Changes nothing.
          --json   one JSON object: {"stages": [{"stage", "fresh", "reasons": [...]}]}
        """

    func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments, command: name, flags: ["--json"])
        if parsed.has("--help") { print(usage); return ExitStatus.success }
        if let extra = parsed.positionals.first { throw UsageError.unexpectedArgument(command: name, argument: extra) }
        return try PipelineCommandSupport.guarded(name) {
            let definition = try PipelineCommandSupport.load()
            let lock = try PipelineCommandSupport.readLock(name)
            let store = Store(projectRoot: PipelineCommandSupport.projectRoot, known: lock.knownFiles)
            let statuses = Planner(definition: definition, store: store, lock: lock).statusOfAll()
            if parsed.has("--json") {
                let stages: [JSONValue] = statuses.map { status in
                    .object(["stage": .string(status.stage), "fresh": .bool(status.isFresh),
                             "reasons": .array(status.reasons.map { .string($0.description) })])
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(JSONValue.object(["stages": .array(stages)])), as: UTF8.self))
            } else {
                for status in statuses {
                    let why = status.reasons.map(\.description).joined(separator: "; ")
                    print(status.isFresh ? "fresh  \(status.stage)" : "stale  \(status.stage): \(why)")
                }
                let stale = statuses.filter { !$0.isFresh }.count
                print("\(statuses.count - stale) fresh, \(stale) stale")
            }
            return ExitStatus.success
        }
    }
}
