public import Foundation
internal import CCrypto

/// A SHA-256 digest: 32 bytes, shown as 64 lowercase hex digits.
public struct Digest: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The 32 raw bytes.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses 64 hex digits; returns nil for anything else.
    public init?(hex: String) {
        let scalars = Array(hex.utf8)
        guard scalars.count == 64 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(32)
        var index = 0
        while index < 64 {
            guard let high = Self.nibble(scalars[index]), let low = Self.nibble(scalars[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        bytes = out
    }

    /// 64 lowercase hex digits.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public var description: String { hex }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let digest = Digest(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "expected 64 hex digits, got \"\(text)\""))
        }
        self = digest
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// The digest algorithms of libcrypto that repro uses.
public enum DigestAlgorithm: Sendable {
    /// SHA-256 (`EVP_sha256`): content addressing and fingerprints.
    case sha256
    /// MD5 (`EVP_md5`): only to check downloads against published checksums.
    case md5

    var evp: OpaquePointer? {
        switch self {
        case .sha256: EVP_sha256()
        case .md5: EVP_md5()
        }
    }

    var name: String {
        switch self {
        case .sha256: "EVP_sha256"
        case .md5: "EVP_md5"
        }
    }
}

/// Streaming digest through libcrypto's EVP interface (`EVP_DigestInit_ex`, `EVP_DigestUpdate`,
/// `EVP_DigestFinal_ex`), which uses the CPU's SHA instructions where present.
///
/// Owns its `EVP_MD_CTX`; `finalize()` consumes the hasher.
public struct DigestHasher: ~Copyable {
    private let context: OpaquePointer

    /// Starts a new digest. Throws `SupportError.crypto` when libcrypto cannot allocate a context.
    public init(_ algorithm: DigestAlgorithm) throws(SupportError) {
        guard let context = EVP_MD_CTX_new() else { throw .crypto(call: "EVP_MD_CTX_new") }
        guard EVP_DigestInit_ex(context, algorithm.evp, nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw .crypto(call: "EVP_DigestInit_ex(\(algorithm.name))")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds `buffer` into the digest (`EVP_DigestUpdate`).
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        // EVP_DigestUpdate only fails on a context that was never initialised, which `init` rules out.
        _ = EVP_DigestUpdate(context, base, buffer.count)
    }

    /// Feeds the bytes of `bytes` into the digest.
    public mutating func update<Bytes: ContiguousBytes>(_ bytes: Bytes) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Feeds the UTF-8 bytes of `text` into the digest.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes the digest (`EVP_DigestFinal_ex`): the raw digest bytes.
    public consuming func finalize() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        _ = out.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        return Array(out.prefix(Int(length)))
    }

    /// The digest of the file at `path`, read in `chunkSize` blocks with `read(2)`.
    /// Throws `SupportError.io` naming the file when it cannot be opened or read.
    public static func hash(fileAt path: String, _ algorithm: DigestAlgorithm,
                            chunkSize: Int = 4 << 20) throws(SupportError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(fd) }
        var hasher = try DigestHasher(algorithm)
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

/// Streaming SHA-256: a `DigestHasher` whose result is a `Digest`.
public struct SHA256Hasher: ~Copyable {
    private var hasher: DigestHasher

    public init() throws(SupportError) { hasher = try DigestHasher(.sha256) }

    public mutating func update(_ buffer: UnsafeRawBufferPointer) { hasher.update(buffer) }
    public mutating func update<Bytes: ContiguousBytes>(_ bytes: Bytes) { hasher.update(bytes) }
    public mutating func update(_ text: String) { hasher.update(text) }

    /// Finishes the digest.
    public consuming func finalize() -> Digest { Digest(bytes: hasher.finalize()) }
}

/// One-shot SHA-256 helpers.
public enum SHA256 {
    /// The digest of `bytes`.
    public static func hash<Bytes: ContiguousBytes>(_ bytes: Bytes) throws(SupportError) -> Digest {
        var hasher = try SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of the UTF-8 bytes of `text`.
    public static func hash(_ text: String) throws(SupportError) -> Digest {
        var hasher = try SHA256Hasher()
        hasher.update(text)
        return hasher.finalize()
    }

    /// The digest of the file at `path`, read in 4 MiB blocks with `read(2)`.
    /// Throws `SupportError.io` naming the file when it cannot be opened or read.
    public static func hash(fileAt path: String, chunkSize: Int = 4 << 20) throws(SupportError) -> Digest {
        Digest(bytes: try DigestHasher.hash(fileAt: path, .sha256, chunkSize: chunkSize))
    }
}
