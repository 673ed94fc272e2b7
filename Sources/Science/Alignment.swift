/// Kernel alignment (SPEC 4, paper Section 4.1, Figure 2), computed in Double.
///
/// A(M1, M2) = <M1, M2>_F / (||M1||_F ||M2||_F); the centered option replaces each M by H M H with
/// H = I - 11^T / N first. Rank-one matrices u v^T are never formed: <K, u v^T>_F = u^T K v,
/// ||u v^T||_F = ||u|| ||v||, and H (u v^T) H = (H u)(H v)^T. Where a matrix is zero the alignment is
/// undefined and these functions return 0.
public enum Alignment {
    /// A(M1, M2) for two N x N matrices given row-major (N * N values each).
    public static func alignment<A: Collection, B: Collection>(_ m1: A, _ m2: B, points n: Int,
                                                               centered: Bool = false) -> Double
    where A.Element: BinaryFloatingPoint, B.Element: BinaryFloatingPoint {
        var a = m1.map { Double($0) }, b = m2.map { Double($0) }
        precondition(a.count == n * n && b.count == n * n, "alignment: expected \(n)x\(n) matrices")
        if centered {
            a = center(a, points: n)
            b = center(b, points: n)
        }
        var dot = 0.0, na = 0.0, nb = 0.0
        for k in a.indices {
            dot += a[k] * b[k]
            na += a[k] * a[k]
            nb += b[k] * b[k]
        }
        return cosine(dot, na, nb)
    }

    /// H M H for an N x N matrix: M_ij - rowmean_i - colmean_j + grandmean.
    public static func center(_ m: [Double], points n: Int) -> [Double] {
        var rows = [Double](repeating: 0, count: n), cols = [Double](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<n { rows[i] += m[i * n + j]; cols[j] += m[i * n + j] } }
        let grand = rows.reduce(0, +) / Double(n * n)
        for i in 0..<n { rows[i] /= Double(n); cols[i] /= Double(n) }
        var out = m
        for i in 0..<n { for j in 0..<n { out[i * n + j] = m[i * n + j] - rows[i] - cols[j] + grand } }
        return out
    }

    /// H v = v - mean(v).
    public static func center(_ v: [Double]) -> [Double] {
        let mean = v.reduce(0, +) / Double(max(v.count, 1))
        return v.map { $0 - mean }
    }

    /// A(K, u v^T) for an N x N matrix K (row-major) and vectors u, v of length N, without forming u v^T.
    public static func alignment<K: Collection>(_ kernel: K, left u: [Double], right v: [Double],
                                                centered: Bool = false) -> Double
    where K.Element: BinaryFloatingPoint {
        let n = u.count
        var k = kernel.map { Double($0) }
        precondition(k.count == n * n && v.count == n, "alignment: expected a \(n)x\(n) matrix and two \(n)-vectors")
        var (left, right) = (u, v)
        if centered {
            k = center(k, points: n)
            left = center(u)
            right = center(v)
        }
        var dot = 0.0, normK = 0.0
        for i in 0..<n {
            var row = 0.0
            for j in 0..<n {
                let value = k[i * n + j]
                row += value * right[j]
                normK += value * value
            }
            dot += left[i] * row
        }
        return cosine(dot, normK, squaredNorm(left) * squaredNorm(right))
    }

    /// Target alignment A(K_aa, t_a t_a^T) for every task a, with t from `labels` [N, c] per `target`.
    public static func targetAlignments(ntk: NTKBlocks, labels: PointTaskMatrix, target: Reading.Target,
                                        centered: Bool = false) throws(AnalysisError) -> [Double] {
        try check(ntk, labels, "labels")
        return (0..<ntk.tasks).map { a in
            let t = labels.column(a).map { target.value($0) }
            return alignment(ntk.block(a, a), left: t, right: t, centered: centered)
        }
    }

    /// Deviation alignment A(K_ab, G_ab), G_ab = r_a r_b^T, for every a, b: [c][c].
    public static func deviationAlignments(ntk: NTKBlocks, residuals: PointTaskMatrix,
                                           centered: Bool = false) throws(AnalysisError) -> [[Double]] {
        try check(ntk, residuals, "residuals")
        let columns = (0..<ntk.tasks).map { residuals.column($0) }
        return (0..<ntk.tasks).map { a in
            (0..<ntk.tasks).map { b in alignment(ntk.block(a, b), left: columns[a], right: columns[b], centered: centered) }
        }
    }

    /// Cross-run consistency of the NTK at one checkpoint: [run][a][b] = A(K_ab^run, mean over runs of K_ab).
    public static func ntkConsistency(runs: [NTKBlocks], centered: Bool = false) throws(AnalysisError) -> [[[Double]]] {
        guard let first = runs.first else { throw .inconsistent("no runs") }
        let (c, n) = (first.tasks, first.points)
        guard runs.allSatisfy({ $0.tasks == c && $0.points == n }) else {
            throw .inconsistent("runs differ in tasks or probe points")
        }
        var mean = [Double](repeating: 0, count: first.values.count)
        for run in runs { for k in mean.indices { mean[k] += Double(run.values[k]) } }
        for k in mean.indices { mean[k] /= Double(runs.count) }
        let size = n * n
        return runs.map { run in
            (0..<c).map { a in
                (0..<c).map { b in
                    let start = (a * c + b) * size
                    return alignment(run.block(a, b), mean[start..<(start + size)], points: n, centered: centered)
                }
            }
        }
    }

    /// Cross-run consistency of G at one checkpoint: [run][a][b] = A(G_ab^run, mean over runs of G_ab),
    /// with G_ab^run = r_a r_b^T and the mean taken over the outer products. Never forms an N x N matrix:
    /// <G^s, Gbar> = (1/R) sum_t (r_a^s . r_a^t)(r_b^s . r_b^t).
    public static func residualConsistency(runs: [PointTaskMatrix], centered: Bool = false) throws(AnalysisError) -> [[[Double]]] {
        guard let first = runs.first else { throw .inconsistent("no runs") }
        let (c, n) = (first.tasks, first.points)
        guard runs.allSatisfy({ $0.tasks == c && $0.points == n }) else {
            throw .inconsistent("runs differ in tasks or probe points")
        }
        let count = runs.count
        // columns[s][a]: r_a of run s (centered if asked).
        let columns = runs.map { run in (0..<c).map { centered ? center(run.column($0)) : run.column($0) } }
        // dots[a][s][t] = r_a^s . r_a^t.
        let dots = (0..<c).map { a in
            (0..<count).map { s in (0..<count).map { t in dot(columns[s][a], columns[t][a]) } }
        }
        return (0..<count).map { s in
            (0..<c).map { a in
                (0..<c).map { b in
                    var inner = 0.0
                    for t in 0..<count { inner += dots[a][s][t] * dots[b][s][t] }
                    inner /= Double(count)
                    var meanNorm = 0.0
                    for t in 0..<count { for u in 0..<count { meanNorm += dots[a][t][u] * dots[b][t][u] } }
                    meanNorm /= Double(count * count)
                    return cosine(inner, dots[a][s][s] * dots[b][s][s], meanNorm)
                }
            }
        }
    }

    static func check(_ ntk: NTKBlocks, _ matrix: PointTaskMatrix, _ what: String) throws(AnalysisError) {
        guard matrix.points == ntk.points, matrix.tasks == ntk.tasks else {
            throw .inconsistent("NTK [\(ntk.tasks), \(ntk.tasks), \(ntk.points), \(ntk.points)] vs \(what) [\(matrix.points), \(matrix.tasks)]")
        }
    }

    static func dot(_ u: [Double], _ v: [Double]) -> Double {
        var sum = 0.0
        for k in u.indices { sum += u[k] * v[k] }
        return sum
    }

    static func squaredNorm(_ u: [Double]) -> Double { dot(u, u) }

    /// dot / sqrt(squaredNormA * squaredNormB), 0 where either is 0.
    static func cosine(_ dot: Double, _ squaredNormA: Double, _ squaredNormB: Double) -> Double {
        let scale = (squaredNormA * squaredNormB).squareRoot()
        return scale > 0 ? dot / scale : 0
    }
}

/// Summaries of alignment curves (SPEC 4).
public enum CurveSummary {
    /// Mean and spread over runs at each checkpoint, for `curves` [run][checkpoint].
    /// `std` is the population standard deviation (divisor R), as numpy's default.
    public static func meanAndSpread(_ curves: [[Double]]) -> (mean: [Double], std: [Double]) {
        guard let first = curves.first else { return ([], []) }
        let runs = Double(curves.count)
        let mean = first.indices.map { t in curves.reduce(0) { $0 + $1[t] } / runs }
        let std = first.indices.map { t in
            (curves.reduce(0) { $0 + ($1[t] - mean[t]) * ($1[t] - mean[t]) } / runs).squareRoot()
        }
        return (mean, std)
    }

    /// The first index from which every value is above `threshold` (strictly), or nil if none.
    public static func firstStayingAbove(_ curve: [Double], threshold: Double) -> Int? {
        var first: Int? = nil
        for (index, value) in curve.enumerated() {
            if value > threshold { if first == nil { first = index } } else { first = nil }
        }
        return first
    }

    /// The first index at which the value is above `threshold` (strictly), or nil if never.
    public static func firstExceeding(_ curve: [Double], threshold: Double) -> Int? {
        curve.firstIndex { $0 > threshold }
    }

    /// Mean of a sequence (0 for an empty one).
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    /// Population standard deviation (0 for an empty one).
    public static func std(_ values: [Double]) -> Double {
        let m = mean(values)
        return values.isEmpty ? 0 : (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)).squareRoot()
    }
}
