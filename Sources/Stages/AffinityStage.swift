internal import Foundation
public import Pipeline
internal import HDF5Store
internal import ReproSupport
internal import Science

/// `affinity` (SPEC 5, Figure 3): NTK task affinities S and P at every checkpoint, from the means over
/// runs and per run, and the trajectory totals, under every reading. Inputs: `synthetic` and `train`.
/// Output: `outputs/affinity.h5` (docs/outputs.md). Element [.., a, b] is a -> b.
public struct AffinityStage: StageKind {
    public init() {}
    public let name = "affinity"
    public let version = 2
    public let parameters: [ParameterSpec] = []

    public func run(_ context: StageContext) throws {
        let (runs, readings, analysed) = try context.analyseTrainingRuns(.affinities)
        let losses = try runs.probeLosses()
        let meanLoss = losses[0].indices.map { k in losses.reduce(0) { $0 + $1[k] } / Double(losses.count) }
        try runs.close()
        let (r, s, t, c) = (readings.count, runs.seeds.count, runs.epochs.count, runs.tasks)
        func mean(_ pick: (AffinityMatrices) -> [[Double]]) -> [Double] {
            analysed.flatMap { $0.flatMap { flatten(pick($0.meanAffinity)) } }
        }
        func perRun(_ pick: (AffinityMatrices) -> [[Double]]) -> [Double] {
            var out: [Double] = []
            for reading in 0..<r { for run in 0..<s { for checkpoint in 0..<t {
                out += flatten(pick(analysed[reading][checkpoint].runAffinity[run]))
            } } }
            return out
        }
        let totals = analysed.map { Affinity.trajectoryTotal($0.map(\.meanAffinity)) }
        let file = try HDF5Writer(path: context.outputPath)
        try file.setAttribute("title", .string("NTK task affinities (SPEC 5, Figure 3)"))
        try file.addAnalysisCoordinates(readings: readings, runs: runs)
        try file.setAttribute("learning_rate", .double(runs.learningRate))
        let blocks = ["task_a", "task_b"]
        let sText = "S[a -> b](t) = eta <K_ba, G_ba>_F / (N^2 L_b(t)), element [.., a, b]"
        let pText = "P[a -> b](t) = eta <K_ba, G_ba>_F / N^2 (S without the loss denominator)"
        try file.write(mean(\.s), shape: [r, t, c, c], name: "s_mean", dims: ["reading", "epoch"] + blocks,
                       metadata: .init(longName: "S from the mean over runs", units: "1",
                                       description: sText + "; K and G (mean of outer products) and L averaged over runs"))
        try file.write(mean(\.p), shape: [r, t, c, c], name: "p_mean", dims: ["reading", "epoch"] + blocks,
                       metadata: .init(longName: "P from the mean over runs", units: "1", description: pText))
        try file.write(perRun(\.s), shape: [r, s, t, c, c], name: "s_run", dims: ["reading", "run", "epoch"] + blocks,
                       metadata: .init(longName: "S of a single run", units: "1", description: sText))
        try file.write(perRun(\.p), shape: [r, s, t, c, c], name: "p_run", dims: ["reading", "run", "epoch"] + blocks,
                       metadata: .init(longName: "P of a single run", units: "1", description: pText))
        try file.write(totals.flatMap { flatten($0.s) }, shape: [r, c, c], name: "s_total", dims: ["reading"] + blocks,
                       metadata: .init(longName: "trajectory total of S", units: "1",
                                       description: "sum over checkpoints of the mean-over-runs S (equation 8)"))
        try file.write(totals.flatMap { flatten($0.p) }, shape: [r, c, c], name: "p_total", dims: ["reading"] + blocks,
                       metadata: .init(longName: "trajectory total of P", units: "1",
                                       description: "sum over checkpoints of the mean-over-runs P"))
        try file.write(meanLoss, shape: [t, c], name: "probe_loss_mean", dims: ["epoch", "task"],
                       metadata: .init(longName: "mean probe loss", units: "1",
                                       description: "mean over runs of the per-task weighted BCE on the probe set, L_b(t)"))
        try file.close()
    }
}
