import Foundation
import Pipeline
import PipelineTestKinds
import ReproSupport
import Testing

@Suite struct FailureTests {
    @Test func failingStageSkipsConsumersAndUnrelatedBranchesFinish() throws {
        let p = try TestProject(chain(b: ["fail": "throw"]))
        let run = try p.run()
        #expect(run.executed == ["a", "b", "u"])
        #expect(run.report.failed.map(\.stage) == ["b"])
        #expect(run.report.failed.first?.message == "b failed on purpose")
        #expect(run.report.skipped.map(\.stage) == ["c"])
        #expect(!run.report.succeeded)
        #expect(try p.lock().stages["b"] == nil)
    }

    @Test func unavailableInputSkipsTheStageAndItsConsumers() throws {
        let p = try TestProject(chain(a: ["unavailable": "CIFAR-10 not found: download cifar-10-python.tar.gz"]))
        let run = try p.run()
        #expect(run.executed == ["u"])
        #expect(run.report.skipped.map(\.stage) == ["a", "b", "c"])
        #expect(run.report.skipped.first?.reason == "CIFAR-10 not found: download cifar-10-python.tar.gz")
        #expect(run.report.failed.isEmpty)
        #expect(!run.report.succeeded)
    }

    @Test func optionalInputLetsTheConsumerRunWithoutIt() throws {
        var stages = chain(a: ["unavailable": "CIFAR-10 folder absent"])
        if case .object(var object) = stages {
            object["r"] = ["kind": "emit", "inputs": ["a?", "u"]]
            stages = .object(object)
        }
        let p = try TestProject(stages)
        let run = try p.run()
        // a is unavailable: b and c (hard consumers) are skipped, r (optional consumer) runs.
        #expect(run.executed == ["r", "u"])
        #expect(run.report.skipped.map(\.stage) == ["a", "b", "c"])
        #expect(try p.status()["r"]?.isFresh == true)
        // A second run reruns nothing that ran.
        #expect(try p.run().executed == [])
        // Once a becomes available, r reruns with it (its fingerprint now includes a).
        if case .object(var object) = stages {
            object["a"] = ["kind": "emit", "params": [:]]
            stages = .object(object)
        }
        try p.write(stages)
        #expect(try p.run().executed == ["a", "b", "c", "r"])
    }

    // Scenario 3: a stage that writes its output and then fails leaves nothing that counts as fresh.
    @Test func writeThenFailLeavesNothingFresh() throws {
        let p = try TestProject(chain(b: ["fail": "after-write"]))
        let run = try p.run()
        #expect(run.report.failed.map(\.stage) == ["b"])
        #expect(!p.exists("outputs/b.h5"))
        #expect(try p.status()["b"]?.isFresh == false)
        // Once it had succeeded, a later failed attempt keeps the old file but the stage stays stale.
        try p.write(chain())
        try p.run()
        try p.write(chain(b: ["fail": "after-write", "value": 3]))
        #expect(try p.run().executed == ["b"])
        #expect(try p.status()["b"]?.isFresh == false)
        #expect(try p.run().executed == ["b"])
        let objects = Set(try FileManager.default.contentsOfDirectory(atPath: p.root + "/outputs/.store/objects"))
        #expect(objects == Set(try p.lock().stages.values.flatMap { $0.outputs.values.map(\.digest.hex) }))
    }

    // Scenario 5: success without writing a promised output fails, and nothing is cached.
    @Test func missingPromisedOutputFailsAndCachesNothing() throws {
        let p = try TestProject(["x": ["kind": "emit", "params": ["fail": "no-output"]]])
        let run = try p.run()
        #expect(run.report.failed.map(\.stage) == ["x"])
        #expect(run.report.failed.first?.message.contains("without writing its promised output outputs/x.h5") == true)
        #expect(try p.lock().stages.isEmpty)
        #expect((try? FileManager.default.contentsOfDirectory(atPath: p.root + "/outputs/.store/actions")) ?? [] == [])
        #expect(try p.run().executed == ["x"])
    }

    // Scenario 4 (in process): cancellation mid-write leaves no file at the final path and no temporary files.
    @Test func cancellationCommitsNothingPartial() throws {
        let p = try TestProject(["slow": ["kind": "emit", "params": ["sleep": 30]]])
        let cancellation = Cancellation()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { cancellation.cancel() }
        let run = try p.run(cancellation: cancellation)
        #expect(run.report.interrupted)
        #expect(run.executed == ["slow"])
        #expect(!p.exists("outputs/slow.h5"))
        #expect(!p.exists("outputs/.tmp"))
        #expect(try p.lock().stages.isEmpty)
    }

    // Scenario 7: a truncated or garbled lock recovers cleanly, without endless reruns.
    @Test func garbledLockRecoversFromTheStore() throws {
        let p = try TestProject(chain())
        try p.run()
        let path = p.root + "/outputs/pipeline.lock"
        for damage in [Data(try #require(p.read("outputs/pipeline.lock")).prefix(50)), Data("{\"version\": 1, \"stages\": 3}".utf8)] {
            try damage.write(to: URL(fileURLWithPath: path))
            #expect(throws: PipelineError.self) { try LockFile.read(path: path) }
            let recovered = try p.run()
            #expect(recovered.report.recoveredLock != nil)
            #expect(recovered.executed == [])
            #expect(recovered.report.restored.sorted() == ["a", "b", "c", "u"])
            let next = try p.run()
            #expect(next.executed == [])
            #expect(next.report.fresh.count == 4)
        }
    }
}
