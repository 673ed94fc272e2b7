internal import Foundation
public import Pipeline
internal import ReproSupport

/// The stage kind `report`: writes `paper/REPORT.md`, the reproduction report, from the claims file
/// and the figures of its inputs, and the settings and fingerprints recorded in `outputs/pipeline.lock`.
///
/// Inputs: the `claims` stage (its `claims.h5`, required) and the `figure` stages, recognized by
/// their outputs `paper/figures/<figure>.<format>`. A figure whose stage was skipped (an optional
/// input, `"fig1a?"`) is reported as missing with the reason and how to get what it needs. The
/// report holds no timestamps and lists everything in a fixed order: identical inputs give an
/// identical file.
public struct ReportStage: StageKind {
    public init() {}

    public var name: String { "report" }
    public var version: Int { 1 }
    public var parameters: [ParameterSpec] { [] }
    /// The report lists every upstream stage's settings and fingerprint, so it reruns whenever one of
    /// them changes, even when that stage's outputs stayed byte-identical.
    public var recordsProvenance: Bool { true }

    public func outputs(stage: String, params: StageParameters) -> [String] { ["paper/REPORT.md"] }

    public func run(_ context: StageContext) throws {
        let report = try Self.gather(context)
        let text = report.markdown()
        let relative = "paper/REPORT.md"
        let output = try context.outputPath(relative)
        do { try AtomicFile.write(Data(text.utf8), to: output) } catch {
            throw StageError.writeFailed(stage: context.stage, file: relative, detail: error.description)
        }
    }

    /// Everything the report shows, read from the context's inputs and the lock file.
    static func gather(_ context: StageContext) throws -> Report {
        let bound = context.inputs.keys.sorted().flatMap { context.inputs[$0] ?? [] }
        var figures: [PaperFigure: Report.DrawnFigure] = [:]
        var claimsPath: String?
        for input in bound {
            for path in input.outputs {
                let name = (path as NSString).lastPathComponent
                let folder = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
                if name == "claims.h5" { claimsPath = path }
                let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
                guard folder == "figures", parts.count == 2, let figure = PaperFigure(rawValue: parts[0]) else { continue }
                figures[figure, default: Report.DrawnFigure(stage: input.stage, formats: [])].formats.append(parts[1])
            }
        }
        guard let claimsPath else {
            throw StageError.missingInput(stage: context.stage, expected: "claims.h5 (the claims stage)",
                                          got: bound.flatMap(\.outputs).map { ($0 as NSString).lastPathComponent })
        }
        let claims = try ClaimResults.read(AnalysisFile(claimsPath, stage: context.stage, projectRoot: context.projectRoot))
        let lock = try LockFile.read(path: (context.projectRoot as NSString).appendingPathComponent("outputs/pipeline.lock"))
        let claimsStage = bound.first { $0.outputs.contains(claimsPath) }?.stage ?? "claims"
        return Report(claims: claims, figures: figures, claimsStage: claimsStage,
                      provenance: Provenance(lock: lock, roots: bound.map(\.stage)))
    }
}

/// Settings and fingerprints of the stages behind the report, from the lock file.
struct Provenance: Sendable {
    struct Entry: Sendable {
        var kind: String
        var fingerprint: String
        /// Canonical JSON of the parameters (defaults applied).
        var params: String
        var upstream: [String]
        /// The `reading` parameter, for stages that have one (figures).
        var reading: Int?
    }
    /// Stage -> its record; stages absent from the lock are left out.
    var entries: [String: Entry] = [:]
    /// Every stage reachable from the roots (including the roots), sorted.
    var stages: [String] = []

    init(lock: LockFile, roots: [String]) {
        var seen: Set<String> = []
        var pending = roots
        while let stage = pending.popLast() {
            guard seen.insert(stage).inserted else { continue }
            guard let record = lock.stages[stage] else { continue }
            let params: String
            do { params = try JSONValue.object(record.params).canonicalString() } catch { params = "\(record.params)" }
            let upstream = record.inputs.keys.sorted()
            entries[stage] = Entry(kind: record.kind, fingerprint: record.fingerprint.hex, params: params, upstream: upstream,
                                   reading: record.params["reading"]?.intValue)
            pending.append(contentsOf: upstream)
        }
        stages = seen.sorted()
    }

    /// `stage` and every stage upstream of it, sorted by name.
    func lineage(of stage: String) -> [String] {
        var seen: Set<String> = []
        var pending = [stage]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted else { continue }
            pending.append(contentsOf: entries[next]?.upstream ?? [])
        }
        return seen.sorted()
    }
}
