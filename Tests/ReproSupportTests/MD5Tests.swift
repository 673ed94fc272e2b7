import Testing
import Foundation
import ReproSupport
import TestSupport

@Suite struct MD5Tests {
    /// The test suite of RFC 1321, appendix A.5.
    @Test func rfc1321Vectors() throws {
        let vectors: [(String, String)] = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
            ("12345678901234567890123456789012345678901234567890123456789012345678901234567890",
             "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (input, expected) in vectors { #expect(try MD5.hash(Array(input.utf8)) == expected, "\"\(input)\"") }
    }

    @Test func fileInSmallChunksMatchesOneShot() throws {
        let folder = try TemporaryDirectory()
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: folder.file("f")))
        #expect(try MD5.hash(fileAt: folder.file("f"), chunkSize: 333) == MD5.hash(bytes))
        #expect(throws: SupportError.self) { try MD5.hash(fileAt: folder.file("absent")) }
    }
}
