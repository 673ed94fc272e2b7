public import Foundation

/// The canonical JSON encoding every fingerprint hashes.
///
/// - object keys sorted by their UTF-8 bytes, no insignificant whitespace;
/// - one spelling per number: integral values (|x| < 9.2e18) as integers, so 1, 1.0 and 1e0 all
///   encode as `1`; -0.0 encodes as `0`; other numbers in Swift's shortest round-trip form;
/// - strings (keys too) NFC-normalized, escaped minimally (`"`, `\`, control characters).
///
/// NaN and infinities have no JSON spelling and throw `SupportError.notRepresentableInJSON`.
extension JSONValue {
    /// The canonical UTF-8 bytes of this value.
    public func canonicalData() throws(SupportError) -> Data {
        var out = [UInt8]()
        try Self.appendCanonical(self, to: &out)
        return Data(out)
    }

    /// The canonical encoding as a String.
    public func canonicalString() throws(SupportError) -> String {
        String(decoding: try canonicalData(), as: UTF8.self)
    }

    /// SHA-256 of the canonical encoding.
    public func canonicalDigest() throws(SupportError) -> Digest {
        try SHA256.hash(canonicalData())
    }

    /// The canonical spelling of one number.
    public static func canonicalNumber(_ value: Double) throws(SupportError) -> String {
        guard value.isFinite else { throw .notRepresentableInJSON("the number \(value)") }
        if value == 0 { return "0" }
        if value.rounded() == value, abs(value) < 9.2e18 { return String(Int64(value)) }
        return "\(value)"
    }

    private static func appendCanonical(_ value: JSONValue, to out: inout [UInt8]) throws(SupportError) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let b): out += Array((b ? "true" : "false").utf8)
        case .int(let i): out += Array(String(i).utf8)
        case .double(let d): out += Array(try canonicalNumber(d).utf8)
        case .string(let s): appendString(s, to: &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                try appendCanonical(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            let normalized = members.map { (key: Array(nfc($0.key).utf8), value: $0.value) }
                .sorted { $0.key.lexicographicallyPrecedes($1.key) }
            out.append(UInt8(ascii: "{"))
            for (index, member) in normalized.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendEscaped(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                try appendCanonical(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func nfc(_ s: String) -> String { s.precomposedStringWithCanonicalMapping }

    private static func appendString(_ s: String, to out: inout [UInt8]) {
        appendEscaped(Array(nfc(s).utf8), to: &out)
    }

    private static func appendEscaped(_ bytes: [UInt8], to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0a: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0d: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0..<0x20:
                out += Array("\\u00".utf8)
                out += [hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
