internal import Foundation
public import ReproSupport
internal import Synchronization

/// The files of a project the scheduler owns, all under `outputs/`:
/// - `outputs/.store/objects/<digest>`: the content store (digest -> file, read-only);
/// - `outputs/.store/actions/<fingerprint>.json`: the action cache (fingerprint -> output digests);
/// - `outputs/.tmp/`: one fresh folder per attempt; `outputs/pipeline.lock`; `outputs/.lock` (flock).
/// Outputs appear at their stable paths as hard links to store objects (copies across file systems).
public final class Store: Sendable {
    public let root: String
    public let lockPath: String
    let objects: String
    let actions: String
    let temporary: String
    /// The stat cache: project-relative or absolute path -> last known record.
    private let statCache: Mutex<[String: FileRecord]>

    public init(projectRoot: String, known: [String: FileRecord] = [:]) {
        root = projectRoot
        lockPath = projectRoot + "/outputs/pipeline.lock"
        objects = projectRoot + "/outputs/.store/objects"
        actions = projectRoot + "/outputs/.store/actions"
        temporary = projectRoot + "/outputs/.tmp"
        statCache = Mutex(known)
    }

    /// `relative` resolved against the project folder (absolute paths stay as they are).
    public func absolute(_ path: String) -> String { path.hasPrefix("/") ? path : root + "/" + path }

    // MARK: - Hashing with the stat cache

    /// The current record of the file at `path`, or nil when it does not exist. When size, mtime and
    /// inode equal the cached ones, the cached digest is reused; otherwise the file is rehashed.
    public func record(of path: String) throws(PipelineError) -> FileRecord? {
        guard let stat = Self.fileStat(absolute(path)) else { return nil }
        if let cached = statCache.withLock({ $0[path] }), cached.size == stat.size, cached.mtimeNs == stat.mtimeNs,
           cached.inode == stat.inode {
            return cached
        }
        let digest: Digest
        do { digest = try SHA256.hash(fileAt: absolute(path)) } catch {
            if case .io(let op, let p, let code) = error { throw .io(operation: op, path: p, errno: code) }
            throw .io(operation: "hash", path: path, errno: EIO)
        }
        let record = FileRecord(digest: digest, size: stat.size, mtimeNs: stat.mtimeNs, inode: stat.inode)
        statCache.withLock { $0[path] = record }
        return record
    }

    /// size, mtime (ns) and inode of `path`, following symbolic links; nil when absent or not a file.
    static func fileStat(_ path: String) -> (size: Int64, mtimeNs: Int64, inode: UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return (Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec), UInt64(info.st_ino))
    }

    // MARK: - Content store

    func objectPath(_ digest: Digest) -> String { objects + "/" + digest.hex }

    /// Moves the file at `temporaryFile` into the store under `digest` (dropping it when the object
    /// already exists) and makes the object read-only.
    func insert(_ temporaryFile: String, digest: Digest) throws(PipelineError) {
        try makeFolder(objects)
        let target = objectPath(digest)
        if verifyObject(digest) {
            unlink(temporaryFile)
            return
        }
        chmod(temporaryFile, 0o444)
        guard rename(temporaryFile, target) == 0 else { throw .io(operation: "rename", path: target, errno: errno) }
    }

    /// True when the object for `digest` exists and still has that content.
    func verifyObject(_ digest: Digest) -> Bool {
        let path = objectPath(digest)
        guard Self.fileStat(path) != nil else { return false }
        do { return try SHA256.hash(fileAt: path) == digest } catch { return false }
    }

    /// Exposes the object `digest` at the stable path `relative`, atomically replacing whatever is
    /// there: a hard link, or a copy when the link fails (another file system).
    func expose(_ digest: Digest, at relative: String) throws(PipelineError) -> FileRecord {
        let target = absolute(relative)
        try makeFolder((target as NSString).deletingLastPathComponent)
        let staging = AtomicFile.temporaryPath(for: target)
        unlink(staging)
        if link(objectPath(digest), staging) != 0 {
            do { try FileManager.default.copyItem(atPath: objectPath(digest), toPath: staging) } catch {
                throw .io(operation: "copy", path: staging, errno: EIO)
            }
        }
        guard rename(staging, target) == 0 else {
            let code = errno
            unlink(staging)
            throw .io(operation: "rename", path: target, errno: code)
        }
        // When the target is already a link to the same object, rename(2) does nothing and leaves the
        // staging link; otherwise it is gone and this fails harmlessly.
        unlink(staging)
        guard let stat = Self.fileStat(target) else { throw .io(operation: "stat", path: target, errno: ENOENT) }
        let record = FileRecord(digest: digest, size: stat.size, mtimeNs: stat.mtimeNs, inode: stat.inode)
        statCache.withLock { $0[relative] = record }
        return record
    }

    // MARK: - Action cache

    func actionPath(_ fingerprint: Digest) -> String { actions + "/" + fingerprint.hex + ".json" }

    /// The output digests recorded for `fingerprint`, or nil when there are none. A garbled entry
    /// counts as none: the stage is recomputed and the entry rewritten.
    func cachedOutputs(_ fingerprint: Digest) -> [String: Digest]? {
        guard let data = FileManager.default.contents(atPath: actionPath(fingerprint)) else { return nil }
        do { return try JSONDecoder().decode([String: Digest].self, from: data) } catch { return nil }
    }

    func recordAction(_ fingerprint: Digest, outputs: [String: Digest]) throws(PipelineError) {
        try makeFolder(actions)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do { try AtomicFile.write(try encoder.encode(outputs), to: actionPath(fingerprint)) } catch {
            throw .io(operation: "write", path: actionPath(fingerprint), errno: EIO)
        }
    }

    // MARK: - Attempt folders

    /// A fresh, empty folder for one attempt of `stage`.
    func attemptFolder(stage: String, attempt: Int) throws(PipelineError) -> String {
        let safe = String(stage.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let path = "\(temporary)/\(safe)-\(getpid())-\(attempt)"
        try? FileManager.default.removeItem(atPath: path)
        try makeFolder(path)
        return path
    }

    /// Removes every attempt folder (done under the project lock, so none belongs to a live run).
    public func removeAttemptFolders() {
        try? FileManager.default.removeItem(atPath: temporary)
    }

    func makeFolder(_ path: String) throws(PipelineError) {
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw .io(operation: "mkdir", path: path, errno: EIO)
        }
    }

    // MARK: - Garbage collection

    /// Removes store objects no digest in `keep` names and action entries pointing at removed objects.
    /// Returns the number of objects removed and their total size in bytes.
    public func collectGarbage(keep: Set<Digest>) -> (objects: Int, bytes: Int64) {
        var removed = 0
        var bytes: Int64 = 0
        let names = (try? FileManager.default.contentsOfDirectory(atPath: objects)) ?? []
        for name in names {
            guard let digest = Digest(hex: name), !keep.contains(digest) else { continue }
            let path = objects + "/" + name
            bytes += Self.fileStat(path)?.size ?? 0
            if unlink(path) == 0 { removed += 1 }
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: actions)) ?? [] {
            guard name.hasSuffix(".json"), let fingerprint = Digest(hex: String(name.dropLast(5))) else { continue }
            let outputs = cachedOutputs(fingerprint) ?? [:]
            if outputs.values.contains(where: { !keep.contains($0) }) || outputs.isEmpty { unlink(actions + "/" + name) }
        }
        return (removed, bytes)
    }
}
