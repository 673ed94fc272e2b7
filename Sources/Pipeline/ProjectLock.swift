internal import Foundation

/// An exclusive `flock(2)` on `outputs/.lock`, holding the owner's pid as text so that a waiting
/// or refused `repro` can name it. Released when the value is closed or the process exits.
public struct ProjectLock: ~Copyable {
    private let fd: Int32
    public let path: String

    /// Takes the lock of the project at `projectRoot`. When another process holds it: with `wait`,
    /// calls `onWait(pid)` once and blocks until it is released; without, throws `.lockHeld`.
    public init(projectRoot: String, wait: Bool, onWait: (Int32) -> Void = { _ in }) throws(PipelineError) {
        let folder = projectRoot + "/outputs"
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw .io(operation: "mkdir", path: folder, errno: EIO)
        }
        let path = folder + "/.lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holder(fd)
            guard wait else { close(fd); throw .lockHeld(path: path, pid: holder) }
            onWait(holder)
            while flock(fd, LOCK_EX) != 0 {
                guard errno == EINTR else { let code = errno; close(fd); throw .io(operation: "flock", path: path, errno: code) }
            }
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        self.fd = fd
        self.path = path
    }

    deinit { close(fd) }

    /// Releases the lock.
    public consuming func release() {}

    /// The pid written by the holder (0 when it has not written it yet).
    private static func holder(_ fd: Int32) -> Int32 {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 32, 0) }
        guard count > 0 else { return 0 }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
