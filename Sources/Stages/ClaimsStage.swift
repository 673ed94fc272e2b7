internal import Foundation
public import Pipeline
internal import HDF5Store
internal import ReproSupport
internal import Science

/// `claims` (SPEC 7 and 8): the six claims of the paper evaluated from the analysis outputs under
/// every reading, with their numbers and PASS / FAIL. Inputs: the linear affinities (CIFAR-10 optional:
/// when absent, claim 1 is NOT EVALUATED), `alignment` and `affinity`. Output: `outputs/claims.h5`.
/// The thresholds are parameters (`settings`); a failing claim is a finding, never tuned.
public struct ClaimsStage: StageKind {
    public init() {}
    public let name = "claims"
    public let version = 3

    /// Checked when pipeline.json is loaded: the settings decode.
    public func validate(_ params: StageParameters) throws {
        _ = try ParameterJSON.decode(ClaimSettings.self, params, key: "settings")
    }

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("settings", .json, default: ParameterJSON.defaultValue(ClaimSettings()),
                          doc: "thresholds and task roles of SPEC 7 (livingClasses, ntkThreshold, offDiagonalByEpoch, ...)"),
            ParameterSpec("cifar_input", .string, default: "linear-cifar10", doc: "the input holding the CIFAR-10 linear affinity"),
            ParameterSpec("synthetic_input", .string, default: "linear-synthetic", doc: "the input holding the synthetic linear affinity"),
            ParameterSpec("alignment_input", .string, default: "alignment", doc: "the input holding the alignment analysis"),
            ParameterSpec("affinity_input", .string, default: "affinity", doc: "the input holding the NTK affinities"),
        ]
    }

    public func run(_ context: StageContext) throws {
        let params = context.params
        let settings = try ParameterJSON.decode(ClaimSettings.self, params, key: "settings")
        let cifarPath = try context.inputPaths(try params.string("cifar_input")).first
        let cifar = try cifarPath.map { try Self.linearAffinity(at: $0, stage: context.stage) }
        let synthetic = try Self.linearAffinity(at: try context.singleInput(try params.string("synthetic_input")),
                                                stage: context.stage)
        let analyses = try Self.readingAnalyses(alignment: try context.singleInput(try params.string("alignment_input")),
                                                affinity: try context.singleInput(try params.string("affinity_input")),
                                                stage: context.stage)
        let claim1 = Claims.claim1(cifar: cifar, settings: settings,
                                   absentReason: "CIFAR-10 was not available: " + CIFAR10Error.howToObtain)
        let claim2 = Claims.claim2(synthetic: synthetic, settings: settings)
        let results = analyses.map { [claim1, claim2] + Claims.analysisClaims($0, settings: settings) }

        let file = try HDF5Writer(path: context.outputPath)
        try file.setAttribute("title", .string("The paper's claims checked under every reading (SPEC 7, 8)"))
        try file.setJSON("readings", .array(analyses.map { readingJSON($0.reading) }))
        try file.addCoordinate("reading", values: analyses.indices.map { Int32($0) }, units: "1", longName: "reading",
                               description: "index into the root attribute 'readings'; 0 is the default reading")
        try file.addCoordinate("claim", values: (1...6).map { Int32($0) }, units: "1", longName: "claim", description: "claim number, SPEC 7")
        let verdicts: [Int32] = results.flatMap { $0.map { result in
            switch result.verdict { case .pass: 1; case .fail: 0; case .notEvaluated: -1 }
        } }
        try file.write(verdicts, shape: [analyses.count, 6], name: "verdict", dims: ["reading", "claim"],
                       metadata: .init(longName: "verdict", units: "1", description: "1 PASS, 0 FAIL, -1 not evaluated"))
        let entries: [JSONValue] = try zip(analyses, results).map { analysis, claims in
            ["reading": readingJSON(analysis.reading), "claims": try ParameterJSON.value(claims)]
        }
        try file.setJSON("results", .array(entries))
        try file.close()
    }

    private func readingJSON(_ reading: Reading) -> JSONValue {
        ["residual": .string(reading.residual.rawValue), "alignment": .string(reading.alignment.rawValue),
         "target": .string(reading.target.rawValue),
         "name": .string("\(reading.residual.rawValue)/\(reading.alignment.rawValue)/\(reading.target.rawValue)")]
    }

    static func linearAffinity(at path: String, stage: String) throws -> LinearAffinity {
        let file = try HDF5Reader(path: path)
        let m1 = try file.doubles("m1", stage: stage)
        let c = m1.shape.first ?? 0
        let m2 = try file.doubles("m2", shape: [c, c], stage: stage)
        try file.close()
        func rows(_ values: [Double]) -> [[Double]] { (0..<c).map { Array(values[($0 * c)..<(($0 + 1) * c)]) } }
        return LinearAffinity(m1: rows(m1.values), m2: rows(m2.values))
    }

    /// One `ReadingAnalysis` per reading, rebuilt from alignment.h5 and affinity.h5.
    static func readingAnalyses(alignment: String, affinity: String, stage: String) throws -> [ReadingAnalysis] {
        let aligned = try HDF5Reader(path: alignment)
        let target = try aligned.doubles("target_alignment", stage: stage)
        guard target.shape.count == 4 else {
            throw StageError.badInput(stage: stage, file: alignment, reason: "target_alignment has shape \(target.shape)")
        }
        let (r, s, t, c) = (target.shape[0], target.shape[1], target.shape[2], target.shape[3])
        let deviation = try aligned.doubles("deviation_alignment", shape: [r, s, t, c, c], stage: stage).values
        let ntk = try aligned.doubles("ntk_consistency", shape: [r, s, t, c, c], stage: stage).values
        let residual = try aligned.doubles("residual_consistency", shape: [r, s, t, c, c], stage: stage).values
        let epochs = try aligned.read("epoch", as: Int32.self).values.map(Int.init)
        guard let readingList = try aligned.json("readings")?.arrayValue, readingList.count == r else {
            throw StageError.badInput(stage: stage, file: alignment, reason: "root attribute 'readings' missing or not \(r) entries")
        }
        try aligned.close()
        let affinities = try HDF5Reader(path: affinity)
        let sMean = try affinities.doubles("s_mean", shape: [r, t, c, c], stage: stage).values
        try affinities.close()

        return try readingList.enumerated().map { index, json in
            guard let residualName = json["residual"]?.stringValue, let residualReading = Reading.Residual(rawValue: residualName),
                  let alignmentName = json["alignment"]?.stringValue, let centering = Reading.Centering(rawValue: alignmentName),
                  let targetName = json["target"]?.stringValue, let targetReading = Reading.Target(rawValue: targetName) else {
                throw StageError.badInput(stage: stage, file: alignment, reason: "reading \(index) is not a known reading: \(json)")
            }
            func blocks(_ values: [Double], run: Int) -> [[[Double]]] {
                (0..<t).map { k in (0..<c).map { a in
                    let base = ((((index * s + run) * t + k) * c + a) * c)
                    return Array(values[base..<(base + c)])
                } }
            }
            return ReadingAnalysis(
                reading: Reading(residual: residualReading, alignment: centering, target: targetReading), epochs: epochs,
                targetAlignment: (0..<s).map { run in (0..<t).map { k in
                    let base = ((index * s + run) * t + k) * c
                    return Array(target.values[base..<(base + c)])
                } },
                deviationAlignment: (0..<s).map { blocks(deviation, run: $0) },
                ntkConsistency: (0..<s).map { blocks(ntk, run: $0) },
                residualConsistency: (0..<s).map { blocks(residual, run: $0) },
                affinity: (0..<t).map { k in (0..<c).map { a in
                    let base = ((index * t + k) * c + a) * c
                    return Array(sMean[base..<(base + c)])
                } })
        }
    }
}
