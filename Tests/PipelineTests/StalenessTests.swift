import Foundation
import Pipeline
import PipelineTestKinds
import ReproSupport
import Testing

@Suite struct StalenessTests {
    @Test func firstRunRunsEverythingSecondRunNothing() throws {
        let p = try TestProject(chain())
        let first = try p.run()
        #expect(first.executed == ["a", "b", "c", "u"])
        #expect(first.report.succeeded)
        #expect(p.exists("outputs/c.h5"))
        let second = try p.run()
        #expect(second.executed == [])
        #expect(second.report.fresh.sorted() == ["a", "b", "c", "u"])
        #expect(try p.status().values.allSatisfy(\.isFresh))
    }

    @Test func paramChangeRerunsTheStageAndChangedConsumersOnly() throws {
        let p = try TestProject(chain())
        try p.run()
        try p.write(chain(b: ["value": 7]))
        let status = try p.status()
        #expect(status["b"]?.reasons == [.paramChanged(key: "value", old: 0, new: 7)])
        #expect(status["c"]?.reasons == [.upstreamPending(stage: "b")])
        #expect(status["a"]?.isFresh == true)
        #expect(try p.run().executed == ["b", "c"])
    }

    @Test func earlyCutoffKeepsConsumersFresh() throws {
        let p = try TestProject(chain())
        try p.run()
        let before = p.read("outputs/b.h5")
        try p.write(chain(b: ["note": "same bytes"]))
        let second = try p.run()
        #expect(second.executed == ["b"])
        #expect(second.report.fresh.contains("c"))
        #expect(p.read("outputs/b.h5") == before)
    }

    @Test func provenanceKindsRerunWhenAnUpstreamFingerprintChanges() throws {
        func stages(_ note: String) -> JSONValue {
            guard case .object(var all) = chain(a: ["note": .string(note)]) else { return [:] }
            all["r"] = ["kind": "emit-provenance", "inputs": ["c"]]
            return .object(all)
        }
        let p = try TestProject(stages("first"))
        #expect(try p.run().executed == ["a", "b", "c", "r", "u"])
        // a's fingerprint changes but not its bytes: b and c stay fresh (early cutoff), r reruns.
        try p.write(stages("second"))
        let second = try p.run()
        #expect(second.executed == ["a", "r"])
        #expect(second.report.fresh.contains("c"))
        #expect(try p.run().executed == [])
        #expect(try p.status()["r"]?.isFresh == true)
    }

    @Test func revertingAParamRestoresFromTheStoreWithoutRunning() throws {
        let p = try TestProject(chain())
        try p.run()
        let original = p.read("outputs/c.h5")
        try p.write(chain(a: ["value": 1]))
        #expect(try p.run().executed == ["a", "b", "c"])
        #expect(p.read("outputs/c.h5") != original)
        try p.write(chain())
        let reverted = try p.run()
        #expect(reverted.executed == [])
        #expect(reverted.report.restored.sorted() == ["a", "b", "c"])
        #expect(p.read("outputs/c.h5") == original)
    }

    @Test func missingOutputIsRestoredAndModifiedOutputReruns() throws {
        let p = try TestProject(chain())
        try p.run()
        try FileManager.default.removeItem(atPath: p.root + "/outputs/b.h5")
        #expect(try p.status()["b"]?.reasons == [.outputMissing("outputs/b.h5")])
        let restored = try p.run()
        #expect(restored.executed == [])
        #expect(restored.report.restored == ["b"])
        // Writing into the file in place (the store object shares its inode) corrupts the stored copy too:
        // the stage is recomputed, never served from a damaged object.
        let handle = try #require(FileHandle(forWritingAtPath: p.root + "/outputs/b.h5"))
        try handle.write(contentsOf: Data("garbage".utf8))
        try handle.close()
        #expect(try p.status()["b"]?.reasons == [.outputModified("outputs/b.h5")])
        #expect(try p.run().executed == ["b"])
        #expect(try p.run().executed == [])
    }

    @Test func touchingAFileRehashesButNeverReruns() throws {
        let p = try TestProject(chain())
        try p.run()
        let path = p.root + "/outputs/a.h5"
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: path)
        #expect(try p.run().executed == [])
        let recorded = try #require(try p.lock().stages["a"]?.outputs["outputs/a.h5"])
        var info = stat()
        stat(path, &info)
        #expect(recorded.mtimeNs == Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }

    @Test func kindVersionBumpRerunsItsStages() throws {
        let p = try TestProject(chain())
        try p.run()
        p.kinds = [EmitKind(version: 2)]
        #expect(try p.status()["a"]?.reasons == [.kindVersionChanged(old: 1, new: 2)])
        #expect(try p.run().executed == ["a", "b", "c", "u"])
    }

    @Test func addingAForeachValueRunsOnlyTheNewExpansionAndItsConsumer() throws {
        func stages(_ seeds: [JSONValue]) -> JSONValue {
            ["train": ["kind": "emit", "foreach": ["value": .array(seeds)]],
             "summary": ["kind": "emit", "inputs": ["train"]],
             "first": ["kind": "emit", "inputs": ["train[value=0]"]]]
        }
        let p = try TestProject(stages([0, 1]))
        #expect(try p.run().executed == ["first", "summary", "train[value=0]", "train[value=1]"])
        try p.write(stages([0, 1, 2]))
        #expect(try p.run().executed == ["summary", "train[value=2]"])
        let summary = try #require(try p.definition()["summary"])
        #expect(summary.inputs == ["train": ["train[value=0]", "train[value=1]", "train[value=2]"]])
    }

    @Test func externalFilesAreTrackedByContent() throws {
        let p = try TestProject(["x": ["kind": "emit", "params": ["external": "data/batch.bin"]]])
        try FileManager.default.createDirectory(atPath: p.root + "/data", withIntermediateDirectories: true)
        try Data("one".utf8).write(to: URL(fileURLWithPath: p.root + "/data/batch.bin"))
        #expect(try p.run().executed == ["x"])
        try Data("one".utf8).write(to: URL(fileURLWithPath: p.root + "/data/batch.bin"))  // same bytes, new mtime
        #expect(try p.run().executed == [])
        try Data("two".utf8).write(to: URL(fileURLWithPath: p.root + "/data/batch.bin"))
        let reasons = try #require(try p.status()["x"]?.reasons)
        guard case .externalChanged(let path, _, _)? = reasons.first else { Issue.record("got \(reasons)"); return }
        #expect(path == "data/batch.bin")
        #expect(try p.run().executed == ["x"])
    }

    @Test func targetsRunOnlyWhatTheyNeed() throws {
        let p = try TestProject(chain())
        #expect(try p.run(["b"]).executed == ["a", "b"])
        #expect(try p.run(["c", "u"]).executed == ["c", "u"])
        #expect(throws: PipelineError.self) { try p.run(["nope"]) }
    }

    @Test func forceRerunsTheNamedStagesOnly() throws {
        let p = try TestProject(chain())
        try p.run()
        #expect(try p.run(["b"], force: true).executed == ["b"])
        #expect(try p.run(force: true).executed == ["a", "b", "c", "u"])
    }

    // Exposing an output over a hard link to the same object (a forced rerun with identical bytes, a
    // restore over an intact output) must not leave the staging link `NAME.tmp-PID` beside it.
    @Test func forcedRerunsAndRestoresLeaveNoStagingLinks() throws {
        var stages = chain().objectValue ?? [:]
        stages["f"] = ["kind": "emit", "params": ["outputs": ["paper/figures/f.png"]]]
        let p = try TestProject(.object(stages))
        func strays() -> [String] {
            ["outputs", "paper/figures"].flatMap { folder in
                ((try? FileManager.default.contentsOfDirectory(atPath: p.root + "/" + folder)) ?? []).filter { $0.contains(".tmp-") }
            }
        }
        try p.run()
        #expect(strays() == [])
        #expect(try p.run(force: true).executed == ["a", "b", "c", "f", "u"])
        #expect(strays() == [])
        try FileManager.default.removeItem(atPath: p.root + "/outputs/pipeline.lock")
        let restored = try p.run()
        #expect(restored.executed == [])
        #expect(restored.report.restored.sorted() == ["a", "b", "c", "f", "u"])
        #expect(strays() == [])
        #expect(try p.run().report.fresh.count == 5)
    }

    @Test func dryRunChangesNothing() throws {
        let p = try TestProject(chain())
        let dry = try p.run(dryRun: true)
        #expect(dry.executed == [])
        #expect(dry.report.planned.map(\.stage) == ["a", "u", "b", "c"])
        #expect(dry.report.planned.last?.reasons == [.upstreamPending(stage: "b")])
        #expect(dry.report.skipped.isEmpty)
        #expect(!p.exists("outputs/pipeline.lock"))
    }

    @Test func overridesChangeParameters() throws {
        let p = try TestProject(chain())
        try p.run()
        #expect(try p.run(overrides: ["b.value=[1,2]"]).executed == ["b", "c"])
        #expect(try p.definition(overrides: ["b.note=hello"])["b"]?.params.values["note"] == "hello")
        #expect(throws: PipelineError.badOverride("zz.value=1", reason: "no stage named 'zz'; stages: a, b, c, u")) {
            try p.definition(overrides: ["zz.value=1"])
        }
        #expect(throws: PipelineError.self) { try p.definition(overrides: ["b.nosuch=1"]) }
    }
}
