import Foundation
import Pipeline
import PipelineTestKinds
import ReproSupport
import Testing

@Suite struct FingerprintTests {
    // Scenario 1: params named like metadata are part of the key like any other.
    @Test(arguments: ["size", "hash", "path", "mtime"])
    func metadataLikeParamsArePartOfTheKey(name: String) throws {
        let p = try TestProject(chain())
        try p.run()
        try p.write(chain(a: .object([name: 12])))
        #expect(try p.status()["a"]?.reasons == [.paramChanged(key: name, old: .null, new: 12)])
        #expect(try p.run().executed == ["a", "b", "c"])
    }

    // Scenario 2: one value per number spelling, object key order is irrelevant, array order matters.
    @Test func numberSpellingsAndKeyOrderDoNotChangeTheKey() throws {
        let p = try TestProject(chain())
        func text(_ lr: String, _ value: String) -> String {
            #"{"stages": {"a": {"kind": "emit", "params": {"lr": \#(lr), "value": \#(value)}}}}"#
        }
        try p.writeText(text("1e-5", #"{"x": 1, "y": [1, 2]}"#))
        #expect(try p.run().executed == ["a"])
        try p.writeText(text("1.0e-5", #"{"y": [1, 2], "x": 1}"#))
        #expect(try p.run().executed == [])
        try p.writeText(text("0.00001", #"{"y": [1.0, 2], "x": 1.0}"#))
        #expect(try p.run().executed == [])
        try p.writeText(text("0.00001", #"{"y": [2, 1], "x": 1}"#))
        #expect(try p.run().executed == ["a"])
    }

    @Test func lockFileRoundTripKeepsEveryType() throws {
        let p = try TestProject(["a": ["kind": "emit", "params": [
            "value": ["i": 3, "d": 2.5, "s": "3", "b": true, "n": nil, "a": [1, "x", [false]], "o": ["k": -1e-300]],
            "lr": 0.5, "epochs": 4,
        ]]])
        try p.run()
        let recorded = try #require(try p.lock().stages["a"]?.params)
        let expected = try #require(try p.definition()["a"]?.params.values)
        // Same keys, same canonical values (1 and 1.0 are one value by the canonical encoding) ...
        #expect(Set(recorded.keys) == Set(expected.keys))
        for (key, value) in expected { #expect(try recorded[key]?.canonicalString() == value.canonicalString(), "\(key)") }
        // ... and every JSON type kept: strings stay strings, booleans booleans, null null, fractions doubles.
        #expect(recorded["value"]?["b"] == true)
        #expect(recorded["value"]?["n"] == .null)
        #expect(recorded["value"]?["a"] == [1, "x", [false]])
        #expect(recorded["value"]?["o"]?["k"] == .double(-1e-300))
        #expect(recorded["value"]?["s"] == "3")
        #expect(recorded["value"]?["d"] == .double(2.5))
        #expect(recorded["epochs"] == .int(4))
    }

    @Test func fingerprintIsTheDigestOfTheCanonicalDocument() throws {
        let f = Fingerprint(kind: "emit", kindVersion: 1, params: ["lr": 1e-5], inputs: [:], externals: [:], outputs: ["outputs/a.h5"])
        let text = #"{"engine":1,"externals":{},"inputs":{},"kind":"emit","kindVersion":1,"outputs":["outputs/a.h5"],"params":{"lr":1e-05}}"#
        #expect(try f.document.canonicalString() == text)
        #expect(try f.digest() == SHA256.hash(text))
    }
}
