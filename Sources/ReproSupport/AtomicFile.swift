public import Foundation

/// Writes files so that a reader sees either the old complete file or the new complete one.
///
/// The bytes go to `NAME.tmp-PID` beside the target, are flushed with `fsync`, renamed over the
/// target with `rename(2)`, and the folder is fsynced so the rename survives a crash.
public enum AtomicFile {
    /// The temporary path used for `path` by this process.
    public static func temporaryPath(for path: String) -> String {
        "\(path).tmp-\(getpid())"
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws(SupportError) {
        let temporary = temporaryPath(for: path)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "open", path: temporary, errno: errno) }
        let failure: Int32? = data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw .io(operation: "write", path: temporary, errno: failure)
        }
        try commit(temporary: temporary, to: path)
    }

    /// Runs `produce` with a temporary path beside `path`; when it returns, fsyncs the temporary
    /// file, renames it over `path` and fsyncs the folder. When `produce` throws, the temporary file
    /// is removed and `path` is untouched.
    /// The error `produce` threw is rethrown as it is.
    public static func write<E: Error>(to path: String, _ produce: (String) throws(E) -> Void) throws {
        let temporary = temporaryPath(for: path)
        do {
            try produce(temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        try commit(temporary: temporary, to: path)
    }

    /// Fsyncs `temporary`, renames it to `path` and fsyncs the containing folder.
    public static func commit(temporary: String, to path: String) throws(SupportError) {
        do {
            try fsync(path: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw .io(operation: "rename", path: path, errno: code)
        }
        try fsync(path: (path as NSString).deletingLastPathComponent.isEmpty
                  ? "." : (path as NSString).deletingLastPathComponent)
    }

    /// `fsync(2)` on a file or folder.
    public static func fsync(path: String) throws(SupportError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        guard Foundation.fsync(fd) == 0 else { throw .io(operation: "fsync", path: path, errno: errno) }
    }
}
