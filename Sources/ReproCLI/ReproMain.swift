internal import Foundation
internal import ReproSupport

/// The `repro` command line: `--help`, `--version` and subcommand dispatch.
public enum ReproMain {
    public static let version = "0.1.0"

    /// Runs `repro` with `arguments` (without the program name) and returns the exit status.
    /// Errors print one line on stderr: usage errors exit 2, anything else 1.
    public static func run(_ arguments: [String]) -> Int32 {
        // Line by line into a pipe or file too, so stdout's lines keep their place among stderr's.
        StandardStreams.lineBufferStandardOutput()
        guard let first = arguments.first else {
            printError(helpText())
            return ExitStatus.usage
        }
        switch first {
        case "-h", "--help", "help":
            if first == "help", arguments.count > 1, let command = CommandRegistry.command(named: arguments[1]) {
                print(command.usage)
            } else {
                print(helpText())
            }
            return ExitStatus.success
        case "-V", "--version":
            print("repro \(version)")
            return ExitStatus.success
        default:
            break
        }
        do {
            guard let command = CommandRegistry.command(named: first) else {
                if first.hasPrefix("-") { throw UsageError.unknownOption(command: "", option: first) }
                throw UsageError.unknownCommand(first)
            }
            return try command.run(Array(arguments.dropFirst()))
        } catch let error as UsageError {
            if case .unknownOption(command: "", let option) = error {
                printError("repro: unknown option '\(option)'; see 'repro --help'")
            } else {
                printError("\(error)")
            }
            return ExitStatus.usage
        } catch {
            printError("repro: error: \(error)")
            return ExitStatus.failure
        }
    }

    static func helpText() -> String {
        let width = CommandRegistry.all.map(\.name.count).max() ?? 0
        let lines = CommandRegistry.all.map { command in
            "  " + command.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + command.summary
        }
        return """
            repro \(version): reproduces the figures of "Exploring Task Affinities through NTK Alignment
            and Early Training Dynamics in Multi-Task Learning" from pipeline.json.

            usage: repro <command> [options]
                   repro --help | --version

            commands:
            \(lines.joined(separator: "\n"))

            'repro <command> --help' describes a command. Exit status: 0 success, 1 a stage failed,
            2 usage or configuration error, 130 interrupted (Ctrl-C).
            """
    }

    /// Writes one line to stderr.
    public static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
