public import Foundation
internal import CCrypto

/// Streaming MD5 through libcrypto's EVP interface (`EVP_md5`), for checking downloaded archives
/// against published checksums (not for content addressing: that is SHA-256).
///
/// Owns its `EVP_MD_CTX`; `finalize()` consumes the hasher and returns 32 lowercase hex digits.
public struct MD5Hasher: ~Copyable {
    private let context: OpaquePointer

    /// Starts a new digest. Throws `SupportError.crypto` when libcrypto cannot allocate a context.
    public init() throws(SupportError) {
        guard let context = EVP_MD_CTX_new() else { throw .crypto(call: "EVP_MD_CTX_new") }
        guard EVP_DigestInit_ex(context, EVP_md5(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw .crypto(call: "EVP_DigestInit_ex(EVP_md5)")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds `buffer` into the digest (`EVP_DigestUpdate`).
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        _ = EVP_DigestUpdate(context, base, buffer.count)
    }

    /// Feeds the bytes of `bytes` into the digest.
    public mutating func update<Bytes: ContiguousBytes>(_ bytes: Bytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Finishes the digest (`EVP_DigestFinal_ex`): 32 lowercase hex digits.
    public consuming func finalize() -> String {
        var out = [UInt8](repeating: 0, count: 16)
        var length: UInt32 = 0
        _ = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        return out.map { String(format: "%02x", $0) }.joined()
    }
}

/// One-shot MD5 helpers (hex digests).
public enum MD5 {
    /// The MD5 of `bytes`, as 32 lowercase hex digits.
    public static func hash<Bytes: ContiguousBytes>(_ bytes: Bytes) throws(SupportError) -> String {
        var hasher = try MD5Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The MD5 of the file at `path`, read in `chunkSize` blocks with `read(2)`.
    /// Throws `SupportError.io` naming the file when it cannot be opened or read.
    public static func hash(fileAt path: String, chunkSize: Int = 4 << 20) throws(SupportError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        var hasher = try MD5Hasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let count = read(fd, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, errno: errno)
            }
            if count == 0 { break }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finalize()
    }
}
