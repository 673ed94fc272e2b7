internal import Foundation

/// One `repro` subcommand. Each lives in its own file and is listed in `CommandRegistry.all`.
public protocol Command: Sendable {
    /// The word after `repro` ("run", "inspect").
    var name: String { get }
    /// One line for `repro --help`.
    var summary: String { get }
    /// The usage text for `repro NAME --help`.
    var usage: String { get }
    /// Runs with the arguments after the subcommand name; returns the exit status.
    func run(_ arguments: [String]) throws -> Int32
}

/// Exit statuses of `repro`.
public enum ExitStatus {
    public static let success: Int32 = 0
    /// A stage (or the work a command does) failed.
    public static let failure: Int32 = 1
    /// Usage or configuration error.
    public static let usage: Int32 = 2
    /// Interrupted by SIGINT.
    public static let interrupted: Int32 = 130
}

/// Errors in how `repro` was called; all exit with status 2.
public enum UsageError: Error, Equatable, CustomStringConvertible {
    case unknownCommand(String)
    case unknownOption(command: String, option: String)
    case missingValue(command: String, option: String)
    case badValue(command: String, option: String, value: String, expected: String)
    case missingArgument(command: String, what: String)
    case unexpectedArgument(command: String, argument: String)
    /// A file named on the command line is missing or not what the command reads.
    case badFile(command: String, path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownCommand(let name):
            "repro: unknown command '\(name)'; see 'repro --help' for the list"
        case .unknownOption(let command, let option):
            "repro \(command): unknown option '\(option)'; see 'repro \(command) --help'"
        case .missingValue(let command, let option):
            "repro \(command): option '\(option)' needs a value"
        case .badValue(let command, let option, let value, let expected):
            "repro \(command): option '\(option)' expects \(expected), got '\(value)'"
        case .missingArgument(let command, let what):
            "repro \(command): missing \(what); see 'repro \(command) --help'"
        case .unexpectedArgument(let command, let argument):
            "repro \(command): unexpected argument '\(argument)'; see 'repro \(command) --help'"
        case .badFile(let command, let path, let reason):
            "repro \(command): \(path): \(reason)"
        }
    }
}
