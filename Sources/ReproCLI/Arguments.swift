/// A small hand-written argument scanner: flags (`--force`), options with values (`--jobs 4`,
/// `--jobs=4`) and positional arguments, rejecting anything it was not told about.
public struct Arguments: Sendable {
    public private(set) var flags: Set<String> = []
    public private(set) var options: [String: [String]] = [:]
    public private(set) var positionals: [String] = []

    /// Scans `arguments` for `command`. `flags` and `options` list the long names with their dashes.
    /// `-h` and `--help` are always accepted as the flag `--help`.
    public init(_ arguments: [String], command: String, flags: Set<String> = [], options: Set<String> = []) throws(UsageError) {
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            if argument == "-h" || argument == "--help" { self.flags.insert("--help"); continue }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if flags.contains(name), inlineValue == nil {
                self.flags.insert(name)
            } else if options.contains(name) {
                if let inlineValue {
                    self.options[name, default: []].append(inlineValue)
                } else {
                    guard index < arguments.count else { throw .missingValue(command: command, option: name) }
                    self.options[name, default: []].append(arguments[index])
                    index += 1
                }
            } else {
                throw .unknownOption(command: command, option: argument)
            }
        }
    }

    public func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// The last value given for `option`.
    public func value(_ option: String) -> String? { options[option]?.last }

    /// Every value given for a repeatable option, in order.
    public func values(_ option: String) -> [String] { options[option] ?? [] }

    /// The last value of `option` as a positive integer.
    public func positiveInteger(_ option: String, command: String) throws(UsageError) -> Int? {
        guard let text = value(option) else { return nil }
        guard let number = Int(text), number > 0 else {
            throw .badValue(command: command, option: option, value: text, expected: "a positive integer")
        }
        return number
    }
}
