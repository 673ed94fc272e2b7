public import Foundation

/// MD5 through libcrypto (`EVP_md5`), for checking downloaded archives against published checksums
/// (not for content addressing: that is SHA-256). Results are 32 lowercase hex digits.
public enum MD5 {
    /// The MD5 of `bytes`.
    public static func hash<Bytes: ContiguousBytes>(_ bytes: Bytes) throws(SupportError) -> String {
        var hasher = try DigestHasher(.md5)
        hasher.update(bytes)
        return hex(hasher.finalize())
    }

    /// The MD5 of the file at `path`, read in `chunkSize` blocks.
    /// Throws `SupportError.io` naming the file when it cannot be opened or read.
    public static func hash(fileAt path: String, chunkSize: Int = 4 << 20) throws(SupportError) -> String {
        hex(try DigestHasher.hash(fileAt: path, .md5, chunkSize: chunkSize))
    }

    private static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
