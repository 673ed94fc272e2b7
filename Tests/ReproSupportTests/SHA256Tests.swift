import Foundation
import ReproSupport
import Testing
import TestSupport

@Suite struct SHA256Tests {
    // NIST FIPS 180-2 / CAVS test vectors.
    @Test func emptyString() throws {
        #expect(try SHA256.hash("").hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abc() throws {
        #expect(try SHA256.hash("abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func message448Bits() throws {
        let message = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(try SHA256.hash(message).hex == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func oneMillionA() throws {
        // Streamed in uneven pieces to exercise the incremental interface.
        var hasher = try SHA256Hasher()
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        var remaining = 1_000_000
        while remaining > 0 {
            let count = min(remaining, piece.count)
            piece.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            remaining -= count
        }
        #expect(hasher.finalize().hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func fileDigestEqualsBufferDigest() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("data.bin")
        // Larger than one read block so the loop runs several times.
        let bytes = (0..<(9 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try SHA256.hash(fileAt: path, chunkSize: 1 << 20) == SHA256.hash(bytes))
    }

    @Test func missingFileNamesThePath() throws {
        #expect(throws: SupportError.io(operation: "open", path: "/nonexistent/file", errno: ENOENT)) {
            try SHA256.hash(fileAt: "/nonexistent/file")
        }
    }

    @Test func hexRoundTrip() throws {
        let digest = try SHA256.hash("abc")
        #expect(Digest(hex: digest.hex) == digest)
        #expect(Digest(hex: "xyz") == nil)
    }
}
