internal import Foundation
internal import ReproSupport

/// Errors of `repro fetch`; each names the URL, file or tool call that failed.
enum FetchError: Error, Equatable, CustomStringConvertible {
    /// `curl` failed (HTTP error, connection refused...): its exit status and message.
    case download(url: String, status: Int32, message: String)
    /// The connection closed before the whole archive arrived; the partial file is kept for a resume.
    case truncated(url: String, path: String, received: Int, expected: Int?)
    /// The archive's MD5 differs from the expected one; the bad download was removed.
    case checksum(path: String, expected: String, got: String)
    /// `tar` could not extract the archive.
    case extract(archive: String, status: Int32, message: String)
    /// The archive does not hold what it should.
    case layout(archive: String, missing: String)
    /// The destination exists but is not a complete CIFAR-10 folder; it is left untouched.
    case destinationInTheWay(path: String)
    /// A file operation failed.
    case io(path: String, message: String)

    var description: String {
        switch self {
        case .download(let url, let status, let message):
            "download of \(url) failed (curl exit \(status)): \(message)"
        case .truncated(let url, let path, let received, let expected):
            "download of \(url) stopped after \(received) of \(expected.map(String.init) ?? "?") bytes; "
                + "the partial file \(path) is kept: run the command again to resume"
        case .checksum(let path, let expected, let got):
            "\(path): md5 \(got), expected \(expected); the download was removed, nothing was extracted"
        case .extract(let archive, let status, let message):
            "extracting \(archive) failed (tar exit \(status)): \(message); nothing was installed"
        case .layout(let archive, let missing): "\(archive) does not contain \(missing); nothing was installed"
        case .destinationInTheWay(let path):
            "\(path) exists but is not a complete CIFAR-10 folder; move it away and run the command again"
        case .io(let path, let message): "\(path): \(message)"
        }
    }
}

/// `repro fetch cifar10`: downloads the official CIFAR-10 binary archive (resumable), checks its MD5,
/// and extracts it into `DEST/cifar-10-batches-bin`, renamed into place only once complete.
struct FetchCommand: Command {
    let name = "fetch"
    let summary = "download a data set the pipeline needs (cifar10)"
    static let officialURL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"
    static let officialMD5 = "c32a1d4ab5d03f1284b67883e8d87530"
    static let archiveName = "cifar-10-binary.tar.gz"
    static let folderName = "cifar-10-batches-bin"
    static let batches = (1...5).map { "data_batch_\($0).bin" }

    var usage: String {
        """
        usage: repro fetch cifar10 [--url URL] [--dest FOLDER] [--md5 HEX] [--quiet]

        Downloads \(Self.archiveName) (default \(Self.officialURL))
        into FOLDER/.download/ (FOLDER is data unless --dest says otherwise), resuming a partial
        download, checks its md5 (default \(Self.officialMD5)) and extracts it to
        FOLDER/\(Self.folderName). Uses curl and tar.
        """
    }

    func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments, command: name, flags: ["--quiet"], options: ["--url", "--dest", "--md5"])
        if parsed.has("--help") { print(usage); return ExitStatus.success }
        guard let what = parsed.positionals.first else { throw UsageError.missingArgument(command: name, what: "what to fetch (cifar10)") }
        guard what == "cifar10" else { throw UsageError.badValue(command: name, option: "data set", value: what, expected: "cifar10") }
        if parsed.positionals.count > 1 { throw UsageError.unexpectedArgument(command: name, argument: parsed.positionals[1]) }
        let md5 = (parsed.value("--md5") ?? Self.officialMD5).lowercased()
        guard md5.count == 32, md5.allSatisfy(\.isHexDigit) else {
            throw UsageError.badValue(command: name, option: "--md5", value: md5, expected: "32 hex digits")
        }
        let target = try fetchCIFAR10(url: parsed.value("--url") ?? Self.officialURL, dest: parsed.value("--dest") ?? "data",
                                      md5: md5, mode: .automatic(quiet: parsed.has("--quiet")))
        print("CIFAR-10 is in \(target)")
        return ExitStatus.success
    }

    /// Downloads, checks and installs the archive; returns the installed folder.
    func fetchCIFAR10(url: String, dest: String, md5: String, mode: ProgressMode) throws -> String {
        let manager = FileManager.default
        let target = (dest as NSString).appendingPathComponent(Self.folderName)
        if manager.fileExists(atPath: target) {
            if Self.batches.allSatisfy({ manager.fileExists(atPath: (target as NSString).appendingPathComponent($0)) }) {
                return target
            }
            throw FetchError.destinationInTheWay(path: target)
        }
        let downloads = (dest as NSString).appendingPathComponent(".download")
        do { try manager.createDirectory(atPath: downloads, withIntermediateDirectories: true) } catch {
            throw FetchError.io(path: downloads, message: "\(error)")
        }
        let part = (downloads as NSString).appendingPathComponent(Self.archiveName + ".part")
        try download(url: url, to: part, mode: mode)
        let got = try MD5.hash(fileAt: part)
        guard got == md5 else {
            try? manager.removeItem(atPath: part)
            throw FetchError.checksum(path: part, expected: md5, got: got)
        }
        let staging = (dest as NSString).appendingPathComponent(".\(Self.folderName).extract-\(getpid())")
        try? manager.removeItem(atPath: staging)
        do { try manager.createDirectory(atPath: staging, withIntermediateDirectories: true) } catch {
            throw FetchError.io(path: staging, message: "\(error)")
        }
        defer { try? manager.removeItem(atPath: staging) }
        let (status, _, message) = try Self.runTool("/usr/bin/env", ["tar", "-xzf", part, "-C", staging])
        guard status == 0 else { throw FetchError.extract(archive: part, status: status, message: message) }
        let extracted = (staging as NSString).appendingPathComponent(Self.folderName)
        for batch in Self.batches where !manager.fileExists(atPath: (extracted as NSString).appendingPathComponent(batch)) {
            throw FetchError.layout(archive: part, missing: "\(Self.folderName)/\(batch)")
        }
        guard rename(extracted, target) == 0 else {
            throw FetchError.io(path: target, message: "rename from \(extracted) failed: \(String(cString: strerror(errno)))")
        }
        try? manager.removeItem(atPath: part)
        return target
    }

    /// Downloads `url` into `part` with curl, resuming from the bytes already there (HTTP Range), and
    /// shows the progress by watching the file grow.
    func download(url: String, to part: String, mode: ProgressMode) throws {
        let expected = try? Self.contentLength(url: url)
        let have = Self.fileSize(part)
        if let expected, have == expected { return }
        if let expected, have > expected { try? FileManager.default.removeItem(atPath: part) }
        let progress = ProgressDisplay(label: "fetch \(Self.archiveName)", total: max((expected ?? 0) / 1_000_000, 1),
                                       unit: "MB", mode: mode)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "--silent", "--show-error", "--fail", "--location", "--continue-at", "-",
                             "--output", part, url]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { throw FetchError.download(url: url, status: -1, message: "cannot start curl: \(error)") }
        var shownMB = Self.fileSize(part) / 1_000_000
        progress.advance(by: shownMB)
        while process.isRunning {
            usleep(200_000)
            let mb = Self.fileSize(part) / 1_000_000
            if mb > shownMB { progress.advance(by: mb - shownMB); shownMB = mb }
        }
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let received = Self.fileSize(part)
        // curl exit 18: "partial file", the transfer ended before Content-Length bytes arrived.
        if process.terminationStatus == 18 || (process.terminationStatus == 0 && expected.map { received < $0 } == true) {
            throw FetchError.truncated(url: url, path: part, received: received, expected: expected)
        }
        guard process.terminationStatus == 0 else {
            throw FetchError.download(url: url, status: process.terminationStatus, message: message)
        }
        progress.finish(message: "\(received) bytes")
    }

    /// The Content-Length of `url` from a HEAD request (the last one, after redirects).
    static func contentLength(url: String) throws -> Int? {
        let (status, output, _) = try runTool("/usr/bin/env", ["curl", "--silent", "--fail", "--location", "--head", url])
        guard status == 0 else { return nil }
        let lengths = output.split(whereSeparator: \.isNewline).compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
        }
        return lengths.last
    }

    static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Runs a tool to completion: exit status, stdout, stderr.
    static func runTool(_ executable: String, _ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw FetchError.io(path: executable, message: "cannot run \(arguments.first ?? executable): \(error)")
        }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self),
                String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
