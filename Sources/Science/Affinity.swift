/// NTK task affinities at one checkpoint (SPEC 5, paper equations 4, 5 and 8), all [c][c] with
/// entry [a][b] the affinity a -> b.
public struct AffinityMatrices: Sendable, Equatable, Codable {
    /// S[a -> b] = eta <K_ba, G_ba>_F / (N^2 L_b).
    public var s: [[Double]]
    /// P[a -> b] = eta <K_ba, G_ba>_F / N^2 (S without the loss denominator).
    public var p: [[Double]]

    public init(s: [[Double]], p: [[Double]]) {
        self.s = s
        self.p = p
    }
}

/// NTK task affinities: S and P from the NTK blocks K_ba and G_ba = r_b r_a^T, so that
/// <K_ba, G_ba>_F = r_b^T K_ba r_a (paper equation 4, whose numerator is (f^b - y^b)^T K^ba (f^a - y^a)).
public enum Affinity {
    /// The mean-over-runs affinities at one checkpoint: Kbar, Gbar and Lbar are means over runs
    /// (Gbar the mean of the outer products, not the outer product of mean residuals), so
    /// <Kbar_ba, Gbar_ba> = (1/R) sum_runs r_b^T Kbar_ba r_a.
    /// - Parameters:
    ///   - ntk: one NTK per run, [c, c, N, N].
    ///   - residuals: one [N, c] residual matrix per run (same order).
    ///   - losses: per run, the probe loss of each task (length c); Lbar_b is their mean over runs.
    ///   - learningRate: eta.
    public static func meanOverRuns(ntk: [NTKBlocks], residuals: [PointTaskMatrix], losses: [[Double]],
                                    learningRate: Double = 1.0) throws(AnalysisError) -> AffinityMatrices {
        guard let first = ntk.first, ntk.count == residuals.count, ntk.count == losses.count else {
            throw .inconsistent("\(ntk.count) NTKs, \(residuals.count) residual sets, \(losses.count) loss sets")
        }
        let (c, n, runs) = (first.tasks, first.points, Double(ntk.count))
        for (run, kernel) in ntk.enumerated() {
            guard kernel.tasks == c, kernel.points == n else { throw .inconsistent("run \(run): NTK shape differs from run 0") }
            try Alignment.check(kernel, residuals[run], "residuals of run \(run)")
            guard losses[run].count == c else { throw .badCount(what: "losses of run \(run)", expected: c, got: losses[run].count) }
        }
        var mean = [Double](repeating: 0, count: first.values.count)
        for kernel in ntk { for k in mean.indices { mean[k] += Double(kernel.values[k]) } }
        for k in mean.indices { mean[k] /= runs }
        let meanLoss = (0..<c).map { b in losses.reduce(0) { $0 + $1[b] } / runs }
        let columns = residuals.map { run in (0..<c).map { run.column($0) } }
        var numerator = [[Double]](repeating: [Double](repeating: 0, count: c), count: c)
        for a in 0..<c {
            for b in 0..<c {
                let start = (b * c + a) * n * n
                let block = mean[start..<(start + n * n)]
                var sum = 0.0
                for run in columns.indices { sum += bilinear(columns[run][b], block, columns[run][a]) }
                numerator[a][b] = sum / runs
            }
        }
        return matrices(numerator: numerator, losses: meanLoss, points: n, learningRate: learningRate)
    }

    /// The single-run affinities at one checkpoint: S[a -> b] = eta r_b^T K_ba r_a / (N^2 L_b).
    public static func singleRun(ntk: NTKBlocks, residuals: PointTaskMatrix, losses: [Double],
                                 learningRate: Double = 1.0) throws(AnalysisError) -> AffinityMatrices {
        try meanOverRuns(ntk: [ntk], residuals: [residuals], losses: [losses], learningRate: learningRate)
    }

    /// The trajectory totals S[a -> b] = sum over checkpoints of S[a -> b](t) (equation 8), and the same for P.
    public static func trajectoryTotal(_ checkpoints: [AffinityMatrices]) -> AffinityMatrices {
        guard let first = checkpoints.first else { return AffinityMatrices(s: [], p: []) }
        var total = first
        for m in checkpoints.dropFirst() {
            for a in total.s.indices {
                for b in total.s[a].indices {
                    total.s[a][b] += m.s[a][b]
                    total.p[a][b] += m.p[a][b]
                }
            }
        }
        return total
    }

    static func matrices(numerator: [[Double]], losses: [Double], points n: Int,
                         learningRate: Double) -> AffinityMatrices {
        let scale = learningRate / Double(n * n)
        let p = numerator.map { row in row.map { $0 * scale } }
        let s = p.indices.map { a in p[a].indices.map { b in p[a][b] / losses[b] } }
        return AffinityMatrices(s: s, p: p)
    }

    /// u^T K v for an N x N row-major block.
    static func bilinear(_ u: [Double], _ block: ArraySlice<Double>, _ v: [Double]) -> Double {
        let n = u.count, base = block.startIndex
        var sum = 0.0
        for i in 0..<n {
            var row = 0.0
            for j in 0..<n { row += block[base + i * n + j] * v[j] }
            sum += u[i] * row
        }
        return sum
    }
}
