import Foundation
import Testing
@testable import ReproCLI
import ReproSupport
import TestSupport

/// The fixture server (Fixtures/range_server.py) serving one file, stopped when released.
private final class RangeServer {
    let process = Process()
    let input = Pipe()
    let port: Int
    let log: String

    init(serving file: String, log: String) throws {
        self.log = log
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot() + "/Tests/ReproCLITests/Fixtures/range_server.py", file, log]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        port = Int(String(decoding: line, as: UTF8.self)) ?? 0
    }

    func url(_ mode: String) -> String { "http://127.0.0.1:\(port)/\(mode)/cifar-10-binary.tar.gz" }

    /// Closing the server's stdin stops it (SIGTERM may be masked in the test runner's children).
    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// A CIFAR-format archive: cifar-10-batches-bin/data_batch_1..5.bin with 3 records each.
private func makeArchive(in folder: TemporaryDirectory) throws -> (path: String, md5: String) {
    let source = folder.file("src/cifar-10-batches-bin")
    try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
    for b in 1...5 {
        var bytes = [UInt8]()
        for r in 0..<3 { bytes.append(UInt8(r)); bytes += (0..<3072).map { UInt8(truncatingIfNeeded: $0 &* b &+ r) } }
        try Data(bytes).write(to: URL(fileURLWithPath: source + "/data_batch_\(b).bin"))
    }
    let archive = folder.file("cifar-10-binary.tar.gz")
    let tar = Process()
    tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    tar.arguments = ["tar", "-czf", archive, "-C", folder.file("src"), "cifar-10-batches-bin"]
    try tar.run()
    tar.waitUntilExit()
    return (archive, try MD5.hash(fileAt: archive))
}

@Suite(.serialized) struct FetchTests {
    @Test func downloadsChecksAndInstalls() throws {
        let folder = try TemporaryDirectory()
        let (archive, md5) = try makeArchive(in: folder)
        let server = try RangeServer(serving: archive, log: folder.file("log"))
        let dest = folder.file("data")
        let status = ReproMain.run(["fetch", "cifar10", "--url", server.url("good"), "--dest", dest, "--md5", md5, "--quiet"])
        #expect(status == ExitStatus.success)
        let installed = dest + "/cifar-10-batches-bin/data_batch_5.bin"
        #expect(FileManager.default.contents(atPath: installed) == FileManager.default.contents(atPath: folder.file("src/cifar-10-batches-bin/data_batch_5.bin")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dest).sorted() == [".download", "cifar-10-batches-bin"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dest + "/.download").isEmpty)
        // A second fetch finds it installed and downloads nothing.
        let requests = try String(contentsOfFile: folder.file("log"), encoding: .utf8)
        #expect(ReproMain.run(["fetch", "cifar10", "--url", server.url("good"), "--dest", dest, "--md5", md5, "--quiet"]) == 0)
        #expect(try String(contentsOfFile: folder.file("log"), encoding: .utf8) == requests)
    }

    @Test func wrongChecksumInstallsNothing() throws {
        let folder = try TemporaryDirectory()
        let (archive, _) = try makeArchive(in: folder)
        let server = try RangeServer(serving: archive, log: folder.file("log"))
        let dest = folder.file("data")
        let wrong = String(repeating: "0", count: 32)
        #expect(throws: FetchError.self) {
            try FetchCommand().fetchCIFAR10(url: server.url("good"), dest: dest, md5: wrong, mode: .quiet)
        }
        do {
            _ = try FetchCommand().fetchCIFAR10(url: server.url("good"), dest: dest, md5: wrong, mode: .quiet)
        } catch let error as FetchError {
            guard case .checksum(_, let expected, let got) = error else { Issue.record("\(error)"); return }
            let actual = try MD5.hash(fileAt: archive)
            #expect(expected == wrong && got == actual)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dest) == [".download"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dest + "/.download").isEmpty)
        #expect(ReproMain.run(["fetch", "cifar10", "--url", server.url("good"), "--dest", dest, "--md5", wrong, "--quiet"])
                == ExitStatus.failure)
    }

    @Test func truncatedDownloadIsReportedAndResumed() throws {
        let folder = try TemporaryDirectory()
        let (archive, md5) = try makeArchive(in: folder)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: archive)[.size] as? Int)
        let server = try RangeServer(serving: archive, log: folder.file("log"))
        let dest = folder.file("data")
        do {
            _ = try FetchCommand().fetchCIFAR10(url: server.url("truncate"), dest: dest, md5: md5, mode: .quiet)
            Issue.record("a truncated download was accepted")
        } catch let error as FetchError {
            guard case .truncated(_, let path, let received, let expected) = error else { Issue.record("\(error)"); return }
            #expect(expected == size && received == size / 2)
            #expect(path == dest + "/.download/cifar-10-binary.tar.gz.part")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dest) == [".download"])
        // The next fetch asks only for the missing bytes and completes.
        let target = try FetchCommand().fetchCIFAR10(url: server.url("good"), dest: dest, md5: md5, mode: .quiet)
        #expect(target == dest + "/cifar-10-batches-bin")
        let log = try String(contentsOfFile: folder.file("log"), encoding: .utf8)
        #expect(log.contains("GET /good/cifar-10-binary.tar.gz bytes=\(size / 2)-"))
    }

    @Test func usageErrors() {
        #expect(ReproMain.run(["fetch"]) == ExitStatus.usage)
        #expect(ReproMain.run(["fetch", "mnist"]) == ExitStatus.usage)
        #expect(ReproMain.run(["fetch", "cifar10", "--md5", "xyz"]) == ExitStatus.usage)
    }
}
