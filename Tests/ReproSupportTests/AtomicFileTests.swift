import Foundation
import ReproSupport
import Testing
import TestSupport

@Suite struct AtomicFileTests {
    @Test func writesAndReplaces() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("out.json")
        try AtomicFile.write(Data("old".utf8), to: path)
        try AtomicFile.write(Data("new".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        #expect(try folder.contents() == ["out.json"])
    }

    @Test func failedProducerLeavesTargetAndNoTemporary() throws {
        struct Boom: Error {}
        let folder = try TemporaryDirectory()
        let path = folder.file("out.bin")
        try AtomicFile.write(Data("old".utf8), to: path)
        #expect(throws: Boom.self) {
            try AtomicFile.write(to: path) { (temporary: String) throws(Boom) in
                _ = FileManager.default.createFile(atPath: temporary, contents: Data("partial".utf8))
                throw Boom()
            }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        #expect(try folder.contents() == ["out.bin"])
    }

    @Test func temporaryNameIsBesideTarget() {
        #expect(AtomicFile.temporaryPath(for: "/a/b/c.h5") == "/a/b/c.h5.tmp-\(getpid())")
    }

    @Test func missingFolderIsAnError() {
        #expect(throws: SupportError.self) {
            try AtomicFile.write(Data(), to: "/nonexistent-folder/x")
        }
    }
}
