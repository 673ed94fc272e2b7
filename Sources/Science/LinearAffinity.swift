public import Tensors
internal import Foundation

/// The linear task affinities of Propositions 1 and 2 (SPEC 5, paper Figure 1), all [c][c].
public struct LinearAffinity: Sendable, Equatable, Codable {
    /// M1[a][b] = d_b^T X X^T d_a with d = 2y - 1 (Proposition 1).
    public var m1: [[Double]]
    /// M2[a][b] = delta_b^T X X^T delta_a with delta = y - 1/c (Proposition 2).
    public var m2: [[Double]]
    /// M1[a][b] / sqrt(M1[a][a] M1[b][b]).
    public var m1Normalized: [[Double]]
    /// M2[a][b] / sqrt(M2[a][a] M2[b][b]).
    public var m2Normalized: [[Double]]

    /// Computes both propositions for inputs `x` [N, D] (centered per feature here) and labels `y` [N, c].
    ///
    /// Works through v_a = X_c^T t_a (D values per task), never forming X X^T. One pass over the rows
    /// accumulates X^T y and X^T 1 in Double, in `blocks` row blocks run in parallel with
    /// `DispatchQueue.concurrentPerform` and summed in block order, so the result does not depend on
    /// scheduling. For t = alpha y + beta: X_c^T t = alpha (X^T y - mu (1^T y)) + beta (X^T 1 - N mu).
    /// `classCount` is the c in delta = y - 1/c (default: the number of label columns).
    public init(x: Tensor<Float>, y: Tensor<Float>, classCount: Double? = nil,
                blocks: Int = 64) throws(TensorError) {
        guard x.rank == 2, y.rank == 2, x.shape[0] == y.shape[0] else {
            throw .shapeMismatch(operation: "LinearAffinity(x:y:)", lhs: x.shape, rhs: y.shape)
        }
        let (n, features, c) = (x.shape[0], x.shape[1], y.shape[1])
        let sums = Self.projections(x: x.scalars, y: y.scalars, rows: n, features: features, tasks: c, blocks: blocks)
        // sums.xty[a * D + f] = sum_i x_if y_ia; sums.x1[f] = sum_i x_if.
        var labelSums = [Double](repeating: 0, count: c)
        for i in 0..<n { for a in 0..<c { labelSums[a] += Double(y.scalars[i * c + a]) } }
        let mean = sums.x1.map { $0 / Double(max(n, 1)) }
        let centeredOnes = (0..<features).map { sums.x1[$0] - Double(n) * mean[$0] }
        func centeredProjection(alpha: Double, beta: Double) -> [[Double]] {
            (0..<c).map { a in
                (0..<features).map { f in
                    alpha * (sums.xty[a * features + f] - mean[f] * labelSums[a]) + beta * centeredOnes[f]
                }
            }
        }
        let tasks = classCount ?? Double(c)
        let vd = centeredProjection(alpha: 2, beta: -1)
        let vdelta = centeredProjection(alpha: 1, beta: -1 / tasks)
        m1 = Self.gram(vd)
        m2 = Self.gram(vdelta)
        m1Normalized = Self.normalized(m1)
        m2Normalized = Self.normalized(m2)
    }

    public init(m1: [[Double]], m2: [[Double]]) {
        self.m1 = m1
        self.m2 = m2
        m1Normalized = Self.normalized(m1)
        m2Normalized = Self.normalized(m2)
    }

    /// M[a][b] / sqrt(M[a][a] M[b][b]) (0 where a diagonal entry is 0).
    public static func normalized(_ m: [[Double]]) -> [[Double]] {
        m.indices.map { a in
            m.indices.map { b in
                let scale = (m[a][a] * m[b][b]).squareRoot()
                return scale > 0 ? m[a][b] / scale : 0
            }
        }
    }

    /// G[a][b] = v_b . v_a.
    static func gram(_ v: [[Double]]) -> [[Double]] {
        v.indices.map { a in
            v.indices.map { b in
                var sum = 0.0
                for f in v[a].indices { sum += v[a][f] * v[b][f] }
                return sum
            }
        }
    }

    /// X^T y ([c * D], task-major) and X^T 1 ([D]) in Double, by row blocks in parallel.
    static func projections(x: [Float], y: [Float], rows n: Int, features: Int, tasks c: Int,
                            blocks requested: Int) -> (xty: [Double], x1: [Double]) {
        let blockCount = max(1, min(requested, n))
        let width = features * (c + 1)
        let partials = UnsafeMutableBufferPointer<Double>.allocate(capacity: blockCount * width)
        partials.initialize(repeating: 0)
        defer { partials.deallocate() }
        guard n > 0, features > 0 else { return ([Double](repeating: 0, count: c * features), [Double](repeating: 0, count: features)) }
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                // Each block writes only its own slice of `partials`; the inputs are read only.
                nonisolated(unsafe) let xBase = xs.baseAddress!
                nonisolated(unsafe) let yBase = ys.baseAddress!
                nonisolated(unsafe) let out = partials
                DispatchQueue.concurrentPerform(iterations: blockCount) { block in
                    let start = block * n / blockCount, end = (block + 1) * n / blockCount
                    let acc = out.baseAddress! + block * width
                    for i in start..<end {
                        let row = xBase + i * features
                        let ones = acc + c * features
                        for f in 0..<features { ones[f] += Double(row[f]) }
                        for a in 0..<c {
                            let label = Double(yBase[i * c + a])
                            if label == 0 { continue }
                            let target = acc + a * features
                            for f in 0..<features { target[f] += label * Double(row[f]) }
                        }
                    }
                }
            }
        }
        var total = [Double](repeating: 0, count: width)
        for block in 0..<blockCount {
            for k in 0..<width { total[k] += partials[block * width + k] }
        }
        return (Array(total[0..<(c * features)]), Array(total[(c * features)...]))
    }
}
