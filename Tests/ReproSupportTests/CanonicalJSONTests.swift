import Foundation
import ReproSupport
import Testing

@Suite struct CanonicalJSONTests {
    private func canonical(_ text: String) throws -> String {
        try JSONValue.parse(text, source: "test").canonicalString()
    }

    @Test func sortsKeysAndDropsWhitespace() throws {
        #expect(try canonical(#"{ "b": 1, "a": [true, null, "x"] }"#) == #"{"a":[true,null,"x"],"b":1}"#)
    }

    @Test func keyOrderDoesNotMatter() throws {
        #expect(try canonical(#"{"x": {"q": 1, "p": 2}, "a": 0}"#) == canonical(#"{"a": 0, "x": {"p": 2, "q": 1}}"#))
    }

    @Test func arrayOrderMatters() throws {
        #expect(try canonical("[1, 2]") != canonical("[2, 1]"))
    }

    @Test(arguments: ["1", "1.0", "1e0", "10e-1", "1.00000"])
    func oneSpellingForOne(text: String) throws {
        #expect(try canonical(text) == "1")
    }

    @Test func oneSpellingForSmallNumbers() throws {
        let spellings = try ["1e-5", "1.0e-5", "0.00001", "1E-5"].map(canonical)
        #expect(Set(spellings).count == 1)
        #expect(try JSONValue.parse(spellings[0], source: "x").doubleValue == 0.00001)
    }

    @Test func negativeZeroIsZero() throws {
        #expect(try canonical("-0.0") == "0")
        #expect(try JSONValue.double(-0.0).canonicalString() == "0")
    }

    @Test func nonFiniteThrows() {
        #expect(throws: SupportError.self) { try JSONValue.double(.nan).canonicalData() }
        #expect(throws: SupportError.self) { try JSONValue.double(.infinity).canonicalData() }
    }

    @Test func stringsAreNFCNormalized() throws {
        let decomposed = JSONValue.string("e\u{0301}")   // e + combining acute
        let composed = JSONValue.string("\u{00E9}")       // é
        #expect(try decomposed.canonicalData() == composed.canonicalData())
        #expect(try JSONValue.object(["e\u{0301}": 1]).canonicalData() == JSONValue.object(["\u{00E9}": 1]).canonicalData())
    }

    @Test func escapesControlCharacters() throws {
        #expect(try JSONValue.string("a\"b\\c\nd\u{01}").canonicalString() == #""a\"b\\c\nd\u0001""#)
    }

    @Test func keepsTypesApart() throws {
        let value = try JSONValue.parse(#"{"b": true, "i": 3, "d": 0.5, "s": "3", "n": null}"#, source: "t")
        #expect(value["b"] == .bool(true))
        #expect(value["i"] == .int(3))
        #expect(value["d"] == .double(0.5))
        #expect(value["s"] == .string("3"))
        #expect(value["n"] == .null)
        // Round trip through the canonical text keeps each type.
        #expect(try JSONValue.parse(value.canonicalString(), source: "t") == value)
    }

    @Test func syntaxErrorNamesLineAndColumn() {
        let error = #expect(throws: SupportError.self) {
            try JSONValue.parse("{\n  \"a\": 1,\n  oops\n}", source: "pipeline.json")
        }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.hasPrefix("pipeline.json: invalid JSON"))
        #expect(text.contains("line 3"))
    }

    @Test func digestIsOfCanonicalBytes() throws {
        let a = try JSONValue.parse(#"{"lr": 1e-5, "size": 3}"#, source: "a").canonicalDigest()
        let b = try JSONValue.parse(#"{"size": 3.0, "lr": 0.00001}"#, source: "b").canonicalDigest()
        #expect(a == b)
        #expect(try a == SHA256.hash(#"{"lr":1e-05,"size":3}"#))
    }
}
