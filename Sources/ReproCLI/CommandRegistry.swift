/// The subcommands `repro` knows, in the order `--help` lists them.
public enum CommandRegistry {
    public static let all: [any Command] = [
        RunCommand(),
        StatusCommand(),
        ExplainCommand(),
        GraphCommand(),
        GcCommand(),
        BenchCommand(),
        InspectCommand(),
        FetchCommand(),
    ]

    public static func command(named name: String) -> (any Command)? {
        all.first { $0.name == name }
    }
}
