import Foundation
import ReproSupport
import TestSupport
import Testing

@Suite struct CommandTests {
    @Test func runStatusExplainGraphGc() throws {
        let h = try Harness(chainPipeline)
        let first = try h.run(["run", "--quiet"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("4 ran, 0 restored from the store, 0 up to date"))
        #expect(h.takeExecutions() == ["a", "b", "c", "u"])

        let noop = try h.run(["run"])
        #expect(noop.stdout.contains("0 ran, 0 restored from the store, 4 up to date"))
        #expect(h.takeExecutions() == [])

        let status = try JSONValue.parse(try h.run(["status", "--json"]).stdout, source: "status")
        #expect(status["stages"]?.arrayValue?.compactMap { $0["fresh"]?.boolValue } == [true, true, true, true])

        let changed = try h.run(["status"])
        #expect(changed.stdout.contains("fresh  a"))
        let dry = try h.run(["run", "--dry-run", "--set", "b.value=7"])
        #expect(dry.stdout.contains("would run b: param value changed: 0 -> 7"))
        #expect(h.takeExecutions() == [])

        var text = chainPipeline.replacingOccurrences(of: #""b": {"kind": "emit","#, with: #""b": {"kind": "emit", "params": {"value": 7},"#)
        try Data(text.utf8).write(to: URL(fileURLWithPath: h.project.file("pipeline.json")))
        let explain = try h.run(["explain", "b"])
        #expect(explain.stdout.contains("param value changed: 0 -> 7"), "\(explain.stdout)")
        let explainC = try h.run(["explain", "c"])
        #expect(explainC.stdout.contains("input b is stale: param value changed: 0 -> 7"), "\(explainC.stdout)")
        #expect(try h.run(["run", "--quiet"]).status == 0)
        #expect(h.takeExecutions() == ["b", "c"])
        let explainFresh = try h.run(["explain", "c"])
        #expect(explainFresh.stdout.contains("fresh: nothing changed"))

        let dot = try h.run(["graph"]).stdout
        #expect(dot.contains("\"a\" -> \"b\";") && dot.contains("\"b\" -> \"c\";") && dot.hasPrefix("digraph"))
        let mermaid = try h.run(["graph", "--format", "mermaid"]).stdout
        #expect(mermaid.hasPrefix("flowchart LR") && mermaid.contains(" --> "))

        // gc: the results for value 0 are referenced by no stage any more.
        let objects = { Set((try? FileManager.default.contentsOfDirectory(atPath: h.project.file("outputs/.store/objects"))) ?? []) }
        #expect(objects().count == 6)
        let gc = try h.run(["gc"])
        #expect(gc.status == 0)
        #expect(gc.stdout.contains("removed 2 stored outputs"))
        #expect(objects().count == 4)
        // With the old results gone, reverting recomputes.
        text = chainPipeline
        try Data(text.utf8).write(to: URL(fileURLWithPath: h.project.file("pipeline.json")))
        #expect(try h.run(["run", "--quiet"]).status == 0)
        #expect(h.takeExecutions() == ["b", "c"])
    }

    @Test func configurationErrorsExitTwo() throws {
        let empty = try Harness("{}")
        try FileManager.default.removeItem(atPath: empty.project.file("pipeline.json"))
        let missing = try empty.run(["run"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no pipeline.json in"))
        let bad = try Harness(#"{"stages": {"a": {"kind": "nope"}}}"#)
        let result = try bad.run(["run"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("stages.a.kind: unknown stage kind 'nope'; valid kinds: emit"))
        #expect(try bad.run(["status"]).status == 2)
        #expect(try Harness(chainPipeline).run(["run", "--set", "nosuch.value=1"]).status == 2)
        let mistyped = try Harness(chainPipeline).run(["run", "--set", "b.epochs=abc"])
        #expect(mistyped.status == 2)
        #expect(mistyped.stderr.contains("--set b.epochs=abc: expected an integer, got string \"abc\""), "\(mistyped.stderr)")
        #expect(!mistyped.stderr.contains("pipeline.json"), "\(mistyped.stderr)")
        let rejected = try Harness(chainPipeline).run(["run", "--set", "b.must_be_positive=-1"])
        #expect(rejected.status == 2)
        #expect(rejected.stderr.contains("--set b.must_be_positive=-1: must_be_positive must be > 0, got -1.0"), "\(rejected.stderr)")
        let invalid = try Harness(#"{"stages": {"a": {"kind": "emit", "params": {"must_be_positive": 0}}}}"#).run(["status"])
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("pipeline.json: stages.a.params: must_be_positive must be > 0, got 0.0"), "\(invalid.stderr)")
        #expect(try Harness(chainPipeline).run(["explain", "zz"]).status == 2)
        #expect(try Harness(chainPipeline).run(["graph", "--format", "png"]).status == 2)
    }

    @Test func unavailableInputExitsOneNamingWhatWasSkipped() throws {
        let h = try Harness("""
            {"stages": {"data": {"kind": "emit", "params": {"unavailable": "CIFAR-10 batches not found; download cifar-10-python.tar.gz"}},
                        "train": {"kind": "emit", "inputs": ["data"]}, "other": {"kind": "emit"}}}
            """)
        let result = try h.run(["run", "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("skipped data: CIFAR-10 batches not found; download cifar-10-python.tar.gz"))
        #expect(result.stderr.contains("skipped train: input data was skipped"))
        #expect(h.takeExecutions() == ["other"])
    }

    // Into a pipe (2>&1): each FAILED / skipped line once, and stdout lines in order with stderr's.
    @Test func failuresPrintOnceAndStdoutIsLineBuffered() throws {
        let h = try Harness("""
            {"stages": {"a": {"kind": "emit", "params": {"fail": "throw"}},
                        "data": {"kind": "emit", "params": {"unavailable": "no data"}}, "train": {"kind": "emit", "inputs": ["data"]}}}
            """)
        let result = try h.run(["run", "--jobs", "1"], merged: true)
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("FAILED a: a failed on purpose") }.count == 1, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("skipped data: no data") }.count == 1, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("skipped train: input data was skipped") }.count == 1, "\(lines)")
        let run = lines.firstIndex { $0.hasPrefix("run a") }, summary = lines.firstIndex { $0.hasPrefix("repro run: ") }
        let failed = lines.firstIndex { $0.hasPrefix("FAILED a") }
        #expect(run != nil && summary != nil && failed != nil)
        if let run, let summary, let failed { #expect(run < summary && summary < failed, "\(lines)") }

        let dry = try h.run(["run", "--dry-run"])
        #expect(dry.stdout.contains("repro run --dry-run: 1 to run, 0 up to date, 2 skipped"), "\(dry.stdout)")
        #expect(dry.stderr.contains("skipped data: no data"))
    }

    @Test func failingStageExitsOneWithItsError() throws {
        let h = try Harness(#"{"stages": {"a": {"kind": "emit", "params": {"fail": "throw"}}, "b": {"kind": "emit", "inputs": ["a"]}, "u": {"kind": "emit"}}}"#)
        let result = try h.run(["run", "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("FAILED a: a failed on purpose"))
        #expect(h.takeExecutions() == ["a", "u"])
    }
}
