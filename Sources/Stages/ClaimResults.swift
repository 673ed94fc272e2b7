internal import Foundation
internal import ReproSupport

/// The verdict of one claim under one reading (`verdict` in claims.h5: 1, 0, -1).
public enum Verdict: Int, Sendable, Hashable {
    case pass = 1
    case fail = 0
    /// Its input was absent (Figure 1a without CIFAR-10).
    case notEvaluated = -1

    public var text: String {
        switch self {
        case .pass: "PASS"
        case .fail: "FAIL"
        case .notEvaluated: "NOT EVALUATED"
        }
    }
}

/// One measured number of a claim, already written as text (`ClaimResults.text`).
public struct ClaimValue: Sendable, Hashable {
    public var name: String
    public var value: String
}

/// One claim checked under one reading, as the `claims` stage wrote it (docs/outputs.md).
public struct ClaimResult: Sendable, Hashable {
    public var id: String
    public var title: String
    public var statement: String
    /// The measured numbers, in the file's order.
    public var values: [ClaimValue]
    public var verdict: Verdict
    public var summary: String
}

/// The claims under one reading.
public struct ReadingClaims: Sendable, Hashable {
    /// The reading's `name` (e.g. `loss-gradient/uncentered/pm1`), else its choices joined by `/`.
    public var name: String
    /// In SPEC 7 order: claim k is the k-th, and goes with the k-th `PaperFigure`.
    public var claims: [ClaimResult]
}

/// Every claim under every reading: `readings[0]` is the default reading.
public struct ClaimResults: Sendable, Hashable {
    public var readings: [ReadingClaims]

    /// Reads `claims.h5`: the `verdict` (reading, claim) dataset holds the verdicts, the root JSON
    /// `results` the titles, statements, numbers and summaries. Both must agree on the counts, and
    /// there must be one claim per paper figure.
    static func read(_ file: AnalysisFile) throws(StageError) -> ClaimResults {
        let (shape, verdicts) = try file.doubles("verdict", dims: ["reading", "claim"], lengths: [nil, PaperFigure.allCases.count])
        guard let results = try file.json("results") else {
            throw .badAttribute(stage: file.stage, file: file.name, attribute: "results", reason: "absent (expected the JSON of every reading's claims)")
        }
        guard let entries = results.arrayValue, entries.count == shape[0], !entries.isEmpty else {
            throw .badAttribute(stage: file.stage, file: file.name, attribute: "results",
                                reason: "expected an array of \(shape[0]) readings (the first axis of 'verdict'), got "
                                    + (results.arrayValue.map { "\($0.count) entries" } ?? results.typeName))
        }
        var readings: [ReadingClaims] = []
        for (r, entry) in entries.enumerated() {
            let place = "results[\(r)]"
            guard let reading = entry["reading"] else {
                throw .badAttribute(stage: file.stage, file: file.name, attribute: "results", reason: "\(place) has no 'reading'")
            }
            guard let claims = entry["claims"]?.arrayValue, claims.count == shape[1] else {
                throw .badAttribute(stage: file.stage, file: file.name, attribute: "results",
                                    reason: "\(place).claims must be an array of \(shape[1]) claims")
            }
            var parsed: [ClaimResult] = []
            for (c, claim) in claims.enumerated() {
                let code = verdicts[r * shape[1] + c]
                guard let verdict = Verdict(rawValue: Int(code)), Double(verdict.rawValue) == code else {
                    throw .missingValue(stage: file.stage, file: file.name, dataset: "verdict",
                                        reason: "[\(r), \(c)] is \(code), expected 1 (PASS), 0 (FAIL) or -1 (not evaluated)")
                }
                var values: [ClaimValue] = []
                for (v, item) in (claim["values"]?.arrayValue ?? []).enumerated() {
                    values.append(ClaimValue(name: item["name"]?.stringValue ?? "value \(v + 1)", value: Self.text(item["value"] ?? .null)))
                }
                parsed.append(ClaimResult(
                    id: claim["id"].map(Self.text) ?? String(c + 1), title: claim["title"]?.stringValue ?? "claim \(c + 1)",
                    statement: claim["statement"]?.stringValue ?? "", values: values, verdict: verdict,
                    summary: claim["summary"]?.stringValue ?? ""))
            }
            readings.append(ReadingClaims(name: ReadingName.of(reading), claims: parsed))
        }
        return ClaimResults(readings: readings)
    }

    /// A JSON value as report text: numbers with 4 significant digits, arrays in brackets.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return "—"
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return s
        case .array(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        default:
            if let i = value.intValue, value.doubleValue == Double(i), abs(i) < 1_000_000 { return String(i) }
            if let d = value.doubleValue { return number(d) }
            do { return try value.canonicalString() } catch { return "\(value)" }
        }
    }

    /// `%.4g`, without a sign on a value that rounds to zero.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "-∞") }
        let text = String(format: "%.4g", value)
        return text == "-0" ? "0" : text
    }
}
