internal import Foundation
public import Pipeline
internal import HDF5Store
internal import ReproSupport
internal import Science

/// `alignment` (SPEC 4, Figure 2): per run and checkpoint, target and deviation alignments and the
/// cross-run consistency of K and G, under every reading of SPEC 8. Inputs: `synthetic` (probe labels)
/// and `train` (every seed). Output: `outputs/alignment.h5` (docs/outputs.md).
public struct AlignmentStage: StageKind {
    public init() {}
    public let name = "alignment"
    public let version = 2
    public let parameters: [ParameterSpec] = []

    public func run(_ context: StageContext) throws {
        let (runs, readings, analysed) = try context.analyseTrainingRuns(.alignments)
        try runs.close()
        let (r, s, t, c) = (readings.count, runs.seeds.count, runs.epochs.count, runs.tasks)
        // [reading][checkpoint] -> arrays laid out [reading, run, epoch, ...].
        func gather(_ pick: (CheckpointAnalysis, Int) -> [Double]) -> [Double] {
            var out: [Double] = []
            for reading in 0..<r { for run in 0..<s { for checkpoint in 0..<t { out += pick(analysed[reading][checkpoint], run) } } }
            return out
        }
        let file = try HDF5Writer(path: context.outputPath)
        try file.setAttribute("title", .string("NTK alignment across runs (SPEC 4, Figure 2)"))
        try file.addAnalysisCoordinates(readings: readings, runs: runs)
        let blockDims = ["reading", "run", "epoch", "task_a", "task_b"]
        try file.write(gather { $0.targetAlignment[$1] }, shape: [r, s, t, c], name: "target_alignment",
                       dims: ["reading", "run", "epoch", "task"],
                       metadata: .init(longName: "target alignment", units: "1",
                                       description: "A(K_aa, t_a t_a^T), t = 2y - 1 (pm1) or y (01) on the probe set"))
        try file.write(gather { flatten($0.deviationAlignment[$1]) }, shape: [r, s, t, c, c], name: "deviation_alignment",
                       dims: blockDims,
                       metadata: .init(longName: "deviation alignment", units: "1",
                                       description: "A(K_ab, G_ab) with G_ab = r_a r_b^T"))
        try file.write(gather { flatten($0.ntkConsistency[$1]) }, shape: [r, s, t, c, c], name: "ntk_consistency",
                       dims: blockDims,
                       metadata: .init(longName: "NTK cross-run consistency", units: "1",
                                       description: "A(K_ab of the run, mean over runs of K_ab)"))
        try file.write(gather { flatten($0.residualConsistency[$1]) }, shape: [r, s, t, c, c], name: "residual_consistency",
                       dims: blockDims,
                       metadata: .init(longName: "G cross-run consistency", units: "1",
                                       description: "A(G_ab of the run, mean over runs of G_ab), the mean of outer products"))
        try file.close()
    }
}
