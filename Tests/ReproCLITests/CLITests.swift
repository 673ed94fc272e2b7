import Foundation
@testable import ReproCLI
import Testing

@Suite struct CLITests {
    @Test func unknownCommandExitsTwo() {
        #expect(ReproMain.run(["frobnicate"]) == ExitStatus.usage)
    }

    @Test func unknownTopLevelFlagExitsTwo() {
        #expect(ReproMain.run(["--frobnicate"]) == ExitStatus.usage)
    }

    @Test func unknownSubcommandFlagExitsTwo() {
        #expect(ReproMain.run(["run", "--frobnicate"]) == ExitStatus.usage)
    }

    @Test func helpAndVersionSucceed() {
        #expect(ReproMain.run(["--help"]) == ExitStatus.success)
        #expect(ReproMain.run(["--version"]) == ExitStatus.success)
        #expect(ReproMain.helpText().contains("130 interrupted"))
    }

    @Test func fetchUsageKeepsItsParenthesesOnOneLine() {
        let lines = FetchCommand().usage.split(separator: "\n")
        #expect(!lines.contains { $0.hasSuffix("(default") || $0.hasPrefix("FOLDER: data") }, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 100 })
        for line in lines { #expect(line.filter { $0 == "(" }.count == line.filter { $0 == ")" }.count, "\(line)") }
    }

    @Test func argumentsScanner() throws {
        let parsed = try Arguments(["a", "--jobs=3", "--force", "--set", "x.y=1", "--set", "z.w=2", "--", "--b"],
                                   command: "run", flags: ["--force"], options: ["--jobs", "--set"])
        #expect(parsed.positionals == ["a", "--b"])
        #expect(parsed.has("--force"))
        #expect(try parsed.positiveInteger("--jobs", command: "run") == 3)
        #expect(parsed.values("--set") == ["x.y=1", "z.w=2"])
        #expect(throws: UsageError.missingValue(command: "run", option: "--jobs")) {
            try Arguments(["--jobs"], command: "run", options: ["--jobs"])
        }
        #expect(throws: UsageError.badValue(command: "run", option: "--jobs", value: "0", expected: "a positive integer")) {
            try Arguments(["--jobs", "0"], command: "run", options: ["--jobs"]).positiveInteger("--jobs", command: "run")
        }
    }
}
