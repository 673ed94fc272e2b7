import Foundation
import ReproSupport
import TestSupport
import Testing

@Suite struct ConcurrencyTests {
    // Scenario 4: SIGINT in the middle of a write: exit 130, nothing at the final path, no temporary
    // files, the lock still parses, and the stage runs next time.
    @Test func sigintLeavesTheStateIntact() throws {
        let h = try Harness(#"{"stages": {"fast": {"kind": "emit"}, "slow": {"kind": "emit", "params": {"sleep": 30}, "inputs": ["fast"]}}}"#)
        let child = try h.start(["run", "--jobs", "2"])
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !((try? String(contentsOfFile: h.project.file("executions.log"), encoding: .utf8)) ?? "").contains("slow") {
            usleep(20_000)
        }
        usleep(100_000)
        kill(child.process.processIdentifier, SIGINT)
        let result = child.finish()
        #expect(result.status == 130, "\(result.stderr)")
        #expect(!h.exists("outputs/slow.h5"))
        #expect(!h.exists("outputs/.tmp"))
        #expect(h.exists("outputs/fast.h5"))
        #expect(try h.lock()["stages"]?["slow"] == nil)
        #expect(try h.lock()["stages"]?["fast"] != nil)
        #expect(h.takeExecutions() == ["fast", "slow"])
        #expect(try h.run(["run", "--quiet", "--set", "slow.sleep=0"]).status == 0)
        #expect(h.takeExecutions() == ["slow"])
    }

    // Ctrl-C while two CPU-bound stages fill the worker pool (--jobs 2 on 2 cores): exit 130 at once,
    // both stages stopped, nothing committed; a second Ctrl-C is not needed.
    @Test func sigintStopsTwoParallelStagesAtOnce() throws {
        let slow = #"{"kind": "emit", "params": {"sleep": 30, "busy": true}}"#
        let h = try Harness(#"{"stages": {"s1": \#(slow), "s2": \#(slow)}}"#)
        let child = try h.start(["run", "--jobs", "2"])
        let deadline = Date().addingTimeInterval(20)
        let log = { (try? String(contentsOfFile: h.project.file("executions.log"), encoding: .utf8)) ?? "" }
        while Date() < deadline, !(log().contains("s1") && log().contains("s2")) { usleep(20_000) }
        usleep(200_000)
        let sent = Date()
        kill(child.process.processIdentifier, SIGINT)
        let result = child.finish()
        let seconds = Date().timeIntervalSince(sent)
        #expect(result.status == 130, "\(result.stderr)")
        #expect(seconds < 2, "exited \(seconds) s after SIGINT")
        #expect(!h.exists("outputs/s1.h5") && !h.exists("outputs/s2.h5"))
        #expect(!h.exists("outputs/.tmp"))
        #expect(h.takeExecutions() == ["s1", "s2"])
    }

    // A stage that ignores cancellation: the second Ctrl-C ends the run at once, committing nothing.
    @Test func secondSigintExitsAtOnce() throws {
        let h = try Harness(#"{"stages": {"s": {"kind": "emit", "params": {"sleep": 30, "stubborn": true}}}}"#)
        let child = try h.start(["run"])
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, !((try? String(contentsOfFile: h.project.file("executions.log"), encoding: .utf8)) ?? "").contains("s") {
            usleep(20_000)
        }
        usleep(200_000)
        let sent = Date()
        kill(child.process.processIdentifier, SIGINT)
        usleep(300_000)
        kill(child.process.processIdentifier, SIGINT)
        let result = child.finish()
        let seconds = Date().timeIntervalSince(sent)
        #expect(result.status == 130, "\(result.stderr)")
        #expect(seconds < 2, "exited \(seconds) s after the first SIGINT")
        #expect(!h.exists("outputs/s.h5"))
        #expect(h.takeExecutions() == ["s"])
    }

    // Scenario 6: eight concurrent runs wait for each other; each stage runs once; the state parses.
    @Test func eightConcurrentRunsWaitAndRunEachStageOnce() throws {
        let h = try Harness(#"{"stages": {"a": {"kind": "emit", "params": {"sleep": 0.5}}, "b": {"kind": "emit", "inputs": ["a"]}, "c": {"kind": "emit", "params": {"sleep": 0.2}}}}"#)
        let runs = try (0..<8).map { _ in try h.start(["run", "--quiet"]) }
        let results = runs.map { $0.finish() }
        #expect(results.map(\.status) == Array(repeating: 0, count: 8), "\(results.map(\.stderr))")
        #expect(results.contains { $0.stderr.contains("waiting for the repro (pid ") })
        #expect(h.takeExecutions() == ["a", "b", "c"])
        #expect(try h.lock()["stages"]?.objectValue?.count == 3)
    }

    @Test func eightConcurrentRunsWithNoWaitFailCleanly() throws {
        let h = try Harness(#"{"stages": {"a": {"kind": "emit", "params": {"sleep": 0.5}}}}"#)
        let runs = try (0..<8).map { _ in try h.start(["run", "--quiet", "--no-wait"]) }
        let results = runs.map { $0.finish() }
        #expect(results.allSatisfy { $0.status == 0 || $0.status == 2 })
        let refused = results.filter { $0.status == 2 }
        #expect(!refused.isEmpty)
        #expect(refused.allSatisfy { $0.stderr.contains("held by another repro (pid ") })
        #expect(h.takeExecutions().count == results.filter { $0.status == 0 }.count)
        #expect(try h.lock()["stages"]?["a"] != nil)
    }

    // Two runs of different targets sharing an up-to-date upstream both succeed.
    @Test func differentTargetsSharingAnUpstreamBothSucceed() throws {
        let h = try Harness(#"{"stages": {"a": {"kind": "emit"}, "b": {"kind": "emit", "params": {"sleep": 0.2}, "inputs": ["a"]}, "x": {"kind": "emit", "params": {"sleep": 0.2}, "inputs": ["a"]}}}"#)
        #expect(try h.run(["run", "a", "--quiet"]).status == 0)
        #expect(h.takeExecutions() == ["a"])
        let first = try h.start(["run", "b", "--quiet"]), second = try h.start(["run", "x", "--quiet"])
        #expect(first.finish().status == 0)
        #expect(second.finish().status == 0)
        #expect(h.takeExecutions() == ["b", "x"])
        #expect(try h.lock()["stages"]?.objectValue?.count == 3)
    }
}
