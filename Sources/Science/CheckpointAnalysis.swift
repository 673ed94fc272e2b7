/// Everything SPEC 4 and 5 compute at one checkpoint across runs, under one reading: the unit a stage
/// streams through (one checkpoint of every run in memory at a time) and appends to a `ReadingAnalysis`.
public struct CheckpointAnalysis: Sendable, Equatable, Codable {
    /// A(K_aa, t_a t_a^T): [run][a].
    public var targetAlignment: [[Double]]
    /// A(K_ab, G_ab): [run][a][b].
    public var deviationAlignment: [[[Double]]]
    /// A(K_ab^run, Kbar_ab): [run][a][b].
    public var ntkConsistency: [[[Double]]]
    /// A(G_ab^run, Gbar_ab): [run][a][b].
    public var residualConsistency: [[[Double]]]
    /// S and P from the means over runs.
    public var meanAffinity: AffinityMatrices
    /// S and P of each run: [run].
    public var runAffinity: [AffinityMatrices]

    /// Which halves of the analysis to compute: the SPEC 4 alignments, the SPEC 5 affinities, or both.
    public struct Parts: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let alignments = Parts(rawValue: 1)
        public static let affinities = Parts(rawValue: 2)
        public static let all: Parts = [.alignments, .affinities]
    }

    /// Computes the checkpoint from each run's NTK [c, c, N, N] and probe logits [N, c], the probe labels
    /// [N, c] and each run's per-task probe loss (length c).
    /// - Parameters:
    ///   - positiveWeight: the BCE weight of a positive label (default c - 1).
    ///   - learningRate: eta of the affinities.
    ///   - parts: what to compute; the fields of a part left out hold one empty entry per run
    ///     (and empty S and P matrices).
    public init(ntk: [NTKBlocks], logits: [PointTaskMatrix], labels: PointTaskMatrix, losses: [[Double]],
                reading: Reading, positiveWeight: Double? = nil, learningRate: Double = 1.0,
                parts: Parts = .all) throws(AnalysisError) {
        guard ntk.count == logits.count, !ntk.isEmpty else {
            throw .inconsistent("\(ntk.count) NTKs and \(logits.count) logit sets")
        }
        var residuals = [PointTaskMatrix]()
        for run in logits.indices {
            residuals.append(try Residuals.residuals(logits: logits[run], labels: labels, reading: reading.residual,
                                                     positiveWeight: positiveWeight))
        }
        let centered = reading.alignment.isCentered
        let empty = Array(repeating: [[Double]](), count: ntk.count)
        if parts.contains(.alignments) {
            var target = [[Double]](), deviation = [[[Double]]]()
            for run in ntk.indices {
                target.append(try Alignment.targetAlignments(ntk: ntk[run], labels: labels, target: reading.target,
                                                             centered: centered))
                deviation.append(try Alignment.deviationAlignments(ntk: ntk[run], residuals: residuals[run],
                                                                   centered: centered))
            }
            targetAlignment = target
            deviationAlignment = deviation
            ntkConsistency = try Alignment.ntkConsistency(runs: ntk, centered: centered)
            residualConsistency = try Alignment.residualConsistency(runs: residuals, centered: centered)
        } else {
            targetAlignment = Array(repeating: [], count: ntk.count)
            (deviationAlignment, ntkConsistency, residualConsistency) = (empty, empty, empty)
        }
        if parts.contains(.affinities) {
            var single = [AffinityMatrices]()
            for run in ntk.indices {
                single.append(try Affinity.singleRun(ntk: ntk[run], residuals: residuals[run], losses: losses[run],
                                                     learningRate: learningRate))
            }
            meanAffinity = try Affinity.meanOverRuns(ntk: ntk, residuals: residuals, losses: losses,
                                                     learningRate: learningRate)
            runAffinity = single
        } else {
            meanAffinity = AffinityMatrices(s: [], p: [])
            runAffinity = []
        }
    }
}

extension ReadingAnalysis {
    /// An empty analysis for `reading` and `runs` runs, to `append` checkpoints to.
    public init(reading: Reading, runs: Int) {
        self.init(reading: reading, epochs: [], targetAlignment: Array(repeating: [], count: runs),
                  deviationAlignment: Array(repeating: [], count: runs), ntkConsistency: Array(repeating: [], count: runs),
                  residualConsistency: Array(repeating: [], count: runs), affinity: [])
    }

    /// Appends one checkpoint (at `epoch`) computed under this reading.
    public mutating func append(_ checkpoint: CheckpointAnalysis, epoch: Int) throws(AnalysisError) {
        guard checkpoint.targetAlignment.count == targetAlignment.count else {
            throw .badCount(what: "runs of the checkpoint at epoch \(epoch)", expected: targetAlignment.count,
                            got: checkpoint.targetAlignment.count)
        }
        epochs.append(epoch)
        for run in targetAlignment.indices {
            targetAlignment[run].append(checkpoint.targetAlignment[run])
            deviationAlignment[run].append(checkpoint.deviationAlignment[run])
            ntkConsistency[run].append(checkpoint.ntkConsistency[run])
            residualConsistency[run].append(checkpoint.residualConsistency[run])
        }
        affinity.append(checkpoint.meanAffinity.s)
    }
}
