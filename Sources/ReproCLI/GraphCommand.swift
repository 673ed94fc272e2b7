internal import Foundation
internal import Pipeline

/// `repro graph`: the stage graph as Graphviz dot or Mermaid text.
struct GraphCommand: Command {
    let name = "graph"
    let summary = "print the stage graph (dot or mermaid)"
    let usage = """
        usage: repro graph [--format dot|mermaid]

        Prints the stages of pipeline.json and their inputs, one edge per input, in dependency order.
        Default format: dot (render with 'dot -Tsvg').
        """

    func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments, command: name, options: ["--format"])
        if parsed.has("--help") { print(usage); return ExitStatus.success }
        if let extra = parsed.positionals.first { throw UsageError.unexpectedArgument(command: name, argument: extra) }
        let format = parsed.value("--format") ?? "dot"
        guard format == "dot" || format == "mermaid" else {
            throw UsageError.badValue(command: name, option: "--format", value: format, expected: "dot or mermaid")
        }
        return try PipelineCommandSupport.guarded(name) {
            let definition = try PipelineCommandSupport.load()
            print(format == "dot" ? Self.dot(definition) : Self.mermaid(definition))
            return ExitStatus.success
        }
    }

    static func dot(_ definition: PipelineDefinition) -> String {
        var lines = ["digraph pipeline {", "  rankdir=LR;"]
        for stage in definition.stages {
            lines.append("  \(quoted(stage.name)) [label=\(quoted("\(stage.name)\\n\(stage.kind)"))];")
        }
        for stage in definition.stages {
            for input in stage.upstream { lines.append("  \(quoted(input)) -> \(quoted(stage.name));") }
        }
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    static func mermaid(_ definition: PipelineDefinition) -> String {
        var ids: [String: String] = [:]
        for (i, stage) in definition.stages.enumerated() { ids[stage.name] = "s\(i)" }
        var lines = ["flowchart LR"]
        for stage in definition.stages {
            let label = stage.name.replacingOccurrences(of: "\"", with: "#quot;")
            lines.append("  \(ids[stage.name] ?? "")[\"\(label)\"]")
        }
        for stage in definition.stages {
            for input in stage.upstream { lines.append("  \(ids[input] ?? "") --> \(ids[stage.name] ?? "")") }
        }
        return lines.joined(separator: "\n")
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
