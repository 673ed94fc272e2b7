import Foundation
import Pipeline
import PipelineTestKinds
import ReproSupport
import Testing

@Suite struct ConfigurationTests {
    func load(_ text: String) throws(PipelineError) -> PipelineDefinition {
        try PipelineDefinition.parse(Data(text.utf8), kinds: TestKinds.all)
    }

    func error(_ text: String) -> PipelineError? {
        do { _ = try load(text); return nil } catch { return error }
    }

    @Test func syntaxErrorsCarryLineAndColumn() {
        let e = error("{\"stages\": {\n  \"a\": {\"kind\" \"emit\"}\n}}")
        guard case .syntax(_, let detail)? = e else { Issue.record("got \(String(describing: e))"); return }
        #expect(detail.contains("line 2"))
        #expect(e?.isConfiguration == true)
    }

    @Test func unknownKindListsTheValidOnes() {
        #expect(error(#"{"stages": {"a": {"kind": "emmit"}}}"#) == .unknownKind(path: "stages.a.kind", kind: "emmit", valid: ["emit", "emit-provenance"]))
        #expect(error(#"{"stages": {"a": {"kind": "emmit"}}}"#)?.description.contains("valid kinds: emit") == true)
    }

    @Test func unknownAndMistypedParams() {
        guard case .unknownParameter(let path, let valid)? = error(#"{"stages": {"a": {"kind": "emit", "params": {"epoch": 3}}}}"#) else {
            Issue.record("expected unknownParameter"); return
        }
        #expect(path == "stages.a.params.epoch")
        #expect(valid.contains("epochs"))
        #expect(error(#"{"stages": {"a": {"kind": "emit", "params": {"epochs": 2.5}}}}"#)
                == .badParameter(path: "stages.a.params.epochs", expected: "an integer", got: "number 2.5"))
        #expect(error(#"{"stages": {"a": {"kind": "emit", "params": {"outputs": "x"}}}}"#)
                == .badParameter(path: "stages.a.params.outputs", expected: "an array of strings", got: "string \"x\""))
        #expect(throws: Never.self) { try load(#"{"stages": {"a": {"kind": "emit", "params": {"epochs": 2.0, "lr": 1}}}}"#) }
    }

    @Test func kindValidationRejectsAtLoadNamingTheParamsOrTheOverride() throws {
        let bad = error(#"{"stages": {"a": {"kind": "emit", "params": {"must_be_positive": -1}}}}"#)
        #expect(bad == .rejectedParameters(path: "stages.a.params", stage: "a", message: "must_be_positive must be > 0, got -1.0"))
        #expect(bad?.isConfiguration == true)
        #expect(bad?.description == "pipeline.json: stages.a.params: must_be_positive must be > 0, got -1.0")
        // Every foreach expansion is checked; the message names the expansion.
        let expansion = error(#"{"stages": {"t": {"kind": "emit", "foreach": {"must_be_positive": [2, 0]}}}}"#)
        #expect(expansion == .rejectedParameters(path: "stages.t.params", stage: "t[must_be_positive=0]",
                                                 message: "must_be_positive must be > 0, got 0.0"))
        #expect(expansion?.description == "pipeline.json: stages.t.params (t[must_be_positive=0]): must_be_positive must be > 0, got 0.0")
        // A value from --set is blamed on the --set.
        let text = #"{"stages": {"a": {"kind": "emit", "params": {"must_be_positive": 3}}}}"#
        #expect(throws: PipelineError.badOverride("a.must_be_positive=-2", reason: "must_be_positive must be > 0, got -2.0")) {
            try PipelineDefinition.parse(Data(text.utf8), kinds: TestKinds.all, overrides: ["a.must_be_positive=-2", "a.note=x"])
        }
        #expect(throws: Never.self) { try PipelineDefinition.parse(Data(text.utf8), kinds: TestKinds.all, overrides: ["a.must_be_positive=0.5"]) }
    }

    @Test func nullAndEmptyForeachAreSpelledOnce() throws {
        let null = error(#"{"stages": {"a": {"kind": "emit", "params": {"epochs": null}}}}"#)
        #expect(null == .badParameter(path: "stages.a.params.epochs", expected: "an integer", got: "null"))
        #expect(null?.description == "pipeline.json: stages.a.params.epochs: expected an integer, got null")
        #expect(error(#"{"stages": {"t": {"kind": "emit", "foreach": {"value": []}}}}"#)
                == .badValue(path: "stages.t.foreach.value", expected: "a non-empty array", got: "an empty array"))
        #expect(error(#"{"stages": {"t": {"kind": "emit", "foreach": {"value": 3}}}}"#)
                == .badValue(path: "stages.t.foreach.value", expected: "a non-empty array", got: "number"))
    }

    @Test func loadedSyntaxErrorsSayPipelineJSONLikeTheOthers() throws {
        let p = try TestProject([:])
        try p.writeText("{\"stages\": {\n  \"a\": {\"kind\" \"emit\"}\n}}")
        do { _ = try p.definition(); Issue.record("expected a syntax error") } catch {
            #expect("\(error)".hasPrefix("pipeline.json: "), "\(error)")
            #expect("\(error)".contains("line 2"), "\(error)")
        }
    }

    @Test func missingInputsDuplicatesAndCycles() {
        #expect(error(#"{"stages": {"a": {"kind": "emit", "inputs": ["b"]}}}"#) == .unknownInput(stage: "a", input: "b"))
        #expect(error(#"{"stages": {"a": {"kind": "emit"}, "a": {"kind": "emit"}}}"#) == .duplicateStage("a"))
        #expect(error(#"{"stages": {"t": {"kind": "emit", "foreach": {"value": [1]}}, "t[value=1]": {"kind": "emit"}}}"#)
                == .badValue(path: "stages.t[value=1]", expected: "a name of letters, digits, '_', '-' or '.'", got: "'t[value=1]'"))
        let cycle = error(#"{"stages": {"a": {"kind": "emit", "inputs": ["c"]}, "b": {"kind": "emit", "inputs": ["a"]}, "c": {"kind": "emit", "inputs": ["b"]}, "d": {"kind": "emit", "inputs": ["a"]}}}"#)
        guard case .cycle(let names)? = cycle else { Issue.record("got \(String(describing: cycle))"); return }
        #expect(Set(names) == ["a", "b", "c"])
        #expect(names.count == 4 && names.first == names.last)
    }

    @Test func outputsMustStayUnderOutputsOrPaper() {
        for bad in ["../x.h5", "/tmp/x.h5", "src/x.h5", "outputs/../x", "outputs/.store/x", "outputs/pipeline.lock", "paper"] {
            #expect(error(#"{"stages": {"a": {"kind": "emit", "params": {"outputs": ["\#(bad)"]}}}}"#)
                    == .badOutput(stage: "a", output: bad), "\(bad)")
        }
        #expect(throws: Never.self) { try load(#"{"stages": {"a": {"kind": "emit", "params": {"outputs": ["paper/figures/fig1a.png"]}}}}"#) }
        #expect(error(#"{"stages": {"a": {"kind": "emit", "params": {"outputs": ["paper/f.png"]}}, "b": {"kind": "emit", "params": {"outputs": ["paper/f.png"]}}}}"#)
                == .duplicateOutput(output: "paper/f.png", stages: ["a", "b"]))
    }

    @Test func foreachExpandsWithPlaceholders() throws {
        let d = try load(#"{"stages": {"t": {"kind": "emit", "foreach": {"value": [2, 1], "note": ["x"]}}, "e": {"kind": "emit", "foreach": {"value": [1, 2]}, "inputs": ["t[note=x,value={value}]"]}}}"#)
        #expect(d.stages.map(\.name).sorted() == ["e[value=1]", "e[value=2]", "t[note=x,value=1]", "t[note=x,value=2]"])
        #expect(d["e[value=2]"]?.upstream == ["t[note=x,value=2]"])
        #expect(d["t[note=x,value=2]"]?.params.values["value"] == 2)
        #expect(d["t[note=x,value=2]"]?.outputs == ["outputs/t[note=x,value=2].h5"])
    }

    @Test func typedAccessorsNameStageAndKey() throws {
        let params = StageParameters(stage: "s", values: ["n": 3, "x": "y", "l": [1, 2.5]])
        #expect(try params.int("n") == 3)
        #expect(try params.double("n") == 3)
        #expect(try params.doubles("l") == [1, 2.5])
        #expect(throws: PipelineError.missingParameter(stage: "s", key: "zz")) { try params.int("zz") }
        #expect(throws: PipelineError.badParameter(path: "stages.s.params.x", expected: "an integer", got: "string")) { try params.int("x") }
        #expect(throws: PipelineError.badParameter(path: "stages.s.params.l", expected: "an array of integers", got: "array")) { try params.ints("l") }
    }
}

@Suite struct OverrideAndContextTests {
    @Test func overridesOfOneExpansionOrAll() throws {
        let text = #"{"stages": {"t": {"kind": "emit", "foreach": {"value": [0, 1]}}}}"#
        let one = try PipelineDefinition.parse(Data(text.utf8), kinds: TestKinds.all, overrides: ["t[value=1].lr=0.5"])
        #expect(one["t[value=1]"]?.params.values["lr"] == .double(0.5))
        #expect(one["t[value=0]"]?.params.values["lr"] == .double(0.001))
        let all = try PipelineDefinition.parse(Data(text.utf8), kinds: TestKinds.all, overrides: ["t.note=plain text", "t.epochs=3"])
        #expect(all.stages.allSatisfy { $0.params.values["note"] == "plain text" && $0.params.values["epochs"] == 3 })
        #expect(throws: PipelineError.badOverride("t=3", reason: "expected stage.param=value")) {
            try PipelineDefinition.parse(Data(text.utf8), kinds: TestKinds.all, overrides: ["t=3"])
        }
        // A mistyped or unknown override is reported as the --set it came from, not as pipeline.json.
        #expect(throws: PipelineError.badOverride("t.epochs=x", reason: "expected an integer, got string \"x\"")) {
            try PipelineDefinition.parse(Data(text.utf8), kinds: TestKinds.all, overrides: ["t.epochs=x"])
        }
        #expect(throws: PipelineError.badOverride("t[value=0].epoch=3", reason: "stage t[value=0] has no parameter 'epoch'; valid parameters: "
                                                  + TestKinds.all[0].parameters.map(\.name).sorted().joined(separator: ", "))) {
            try PipelineDefinition.parse(Data(text.utf8), kinds: TestKinds.all, overrides: ["t[value=0].epoch=3"])
        }
        #expect(throws: PipelineError.badParameter(path: "stages.t.params.epochs", expected: "an integer", got: "string \"x\"")) {
            try PipelineDefinition.parse(Data(#"{"stages": {"t": {"kind": "emit", "params": {"epochs": "x"}}}}"#.utf8),
                                         kinds: TestKinds.all, overrides: ["t.lr=0.1"])
        }
    }

    @Test func stageContextGroupsExpansionsInForeachOrder() throws {
        let p = try TestProject(["t": ["kind": "emit", "foreach": ["value": [3, 1, 2]]],
                                 "s": ["kind": "emit", "inputs": ["t"]]])
        try p.run()
        // s's output is its params followed by its inputs' bytes in binding order (3, 1, 2).
        let s = try #require(p.read("outputs/s.h5"))
        var expected = Data(try JSONValue.object(p.definition()["s"]!.params.values.filter { !["note", "sleep", "fail"].contains($0.key) }).canonicalData())
        for v in [3, 1, 2] { expected += try #require(p.read("outputs/t[value=\(v)].h5")) }
        #expect(s == expected)
        #expect(try p.definition()["s"]?.inputs["t"] == ["t[value=3]", "t[value=1]", "t[value=2]"])
    }
}
