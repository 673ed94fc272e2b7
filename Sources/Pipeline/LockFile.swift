public import Foundation
public import ReproSupport

/// What is known about one file: its content digest and the stat fields that let the digest be
/// reused without rehashing (size, mtime in nanoseconds, inode).
public struct FileRecord: Codable, Sendable, Hashable {
    public var digest: Digest
    public var size: Int64
    public var mtimeNs: Int64
    public var inode: UInt64
}

/// The lock-file entry of one stage after its last successful commit.
public struct StageRecord: Codable, Sendable, Hashable {
    public var kind: String
    public var kindVersion: Int
    public var fingerprint: Digest
    /// Parameters with defaults applied, as hashed.
    public var params: [String: JSONValue]
    /// Upstream stage -> its output path -> digest, as hashed.
    public var inputs: [String: [String: Digest]]
    /// External file (as the kind named it) -> record.
    public var externals: [String: FileRecord]
    /// Promised output (project-relative) -> record of the file at its stable path.
    public var outputs: [String: FileRecord]
    /// Seconds the stage's `run` took when it was computed (0 when restored from the store).
    public var seconds: Double
    /// When it was committed, ISO 8601.
    public var committedAt: String
}

/// `outputs/pipeline.lock`: the state of every committed stage. Written atomically after each commit.
public struct LockFile: Codable, Sendable, Equatable {
    public static let formatVersion = 1
    public var version: Int = LockFile.formatVersion
    public var stages: [String: StageRecord] = [:]

    public init() {}

    /// Reads the lock file; a missing file is an empty lock. A truncated or garbled file throws
    /// `PipelineError.corruptLock` naming the file and what is wrong.
    public static func read(path: String) throws(PipelineError) -> LockFile {
        guard FileManager.default.fileExists(atPath: path) else { return LockFile() }
        guard let data = FileManager.default.contents(atPath: path) else { throw .io(operation: "read", path: path, errno: EACCES) }
        let lock: LockFile
        do { lock = try JSONDecoder().decode(LockFile.self, from: data) } catch {
            throw .corruptLock(file: path, detail: "unreadable lock file (\(Self.reason(error))); "
                               + "'repro run' rebuilds it, restoring outputs from the store where it can")
        }
        guard lock.version == formatVersion else {
            throw .corruptLock(file: path, detail: "lock format \(lock.version), this repro reads \(formatVersion)")
        }
        return lock
    }

    /// Writes the lock file atomically (temp file, fsync, rename).
    public func write(path: String) throws(PipelineError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(self) } catch {
            throw .corruptLock(file: path, detail: "cannot encode: \(error)")
        }
        do { try AtomicFile.write(data, to: path) } catch {
            if case .io(let op, let p, let code) = error { throw .io(operation: op, path: p, errno: code) }
            throw .io(operation: "write", path: path, errno: EIO)
        }
    }

    /// Every file record in the lock, for the stat cache.
    public var knownFiles: [String: FileRecord] {
        var out: [String: FileRecord] = [:]
        for record in stages.values {
            for (path, file) in record.outputs { out[path] = file }
            for (path, file) in record.externals { out[path] = file }
        }
        return out
    }

    private static func reason(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .dataCorrupted(let c)?: return c.debugDescription + (c.underlyingError.map { ": \($0.localizedDescription)" } ?? "")
        case .keyNotFound(let key, let c)?: return "missing key '\(key.stringValue)' at \(path(c))"
        case .typeMismatch(_, let c)?, .valueNotFound(_, let c)?: return "\(c.debugDescription) at \(path(c))"
        default: return "\(error)"
        }
    }

    private static func path(_ c: DecodingError.Context) -> String {
        c.codingPath.map(\.stringValue).joined(separator: ".")
    }
}
