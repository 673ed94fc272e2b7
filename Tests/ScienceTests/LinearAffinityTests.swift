import Testing
@testable import Science
import Tensors
import TestSupport

@Suite struct LinearAffinityTests {
    /// Random inputs (not centered) and multi-hot labels.
    private func sample(n: Int, d: Int, c: Int, seed: UInt64) throws -> (Tensor<Float>, Tensor<Float>) {
        var stream = Philox(seed: seed).stream(0)
        let x = (0..<(n * d)).map { _ in Float(stream.nextUniform(in: -1, 3)) }
        let y = (0..<(n * c)).map { _ in Float(stream.nextInt(below: 2)) }
        return (try Tensor(shape: [n, d], scalars: x), try Tensor(shape: [n, c], scalars: y))
    }

    /// t_b^T Xc Xc^T t_a with Xc Xc^T formed explicitly (the definition).
    private func direct(x: Tensor<Float>, targets: [[Double]]) -> [[Double]] {
        let (n, d) = (x.shape[0], x.shape[1])
        let mean = (0..<d).map { f in (0..<n).reduce(0.0) { $0 + Double(x[$1, f]) } / Double(n) }
        var gram = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { for j in 0..<n { for f in 0..<d {
            gram[i][j] += (Double(x[i, f]) - mean[f]) * (Double(x[j, f]) - mean[f])
        } } }
        return targets.indices.map { a in
            targets.indices.map { b in
                var sum = 0.0
                for i in 0..<n { for j in 0..<n { sum += targets[b][i] * gram[i][j] * targets[a][j] } }
                return sum
            }
        }
    }

    @Test func closedFormMatchesDirectXXt() throws {
        let (n, d, c) = (37, 6, 3)
        let (x, y) = try sample(n: n, d: d, c: c, seed: 11)
        let result = try LinearAffinity(x: x, y: y, blocks: 5)
        let dTargets = (0..<c).map { a in (0..<n).map { 2 * Double(y[$0, a]) - 1 } }
        let deltaTargets = (0..<c).map { a in (0..<n).map { Double(y[$0, a]) - 1 / Double(c) } }
        let m1 = direct(x: x, targets: dTargets), m2 = direct(x: x, targets: deltaTargets)
        for a in 0..<c {
            for b in 0..<c {
                #expect(isClose(result.m1[a][b], m1[a][b], relative: 1e-9, floor: 1e-9), "M1[\(a)][\(b)]")
                #expect(isClose(result.m2[a][b], m2[a][b], relative: 1e-9, floor: 1e-9), "M2[\(a)][\(b)]")
                #expect(abs(result.m2Normalized[a][b] - m2[a][b] / (m2[a][a] * m2[b][b]).squareRoot()) < 1e-12)
                // With X centered, 2y - 1 and y - 1/c differ by a scale and a constant: the normalized forms agree.
                #expect(abs(result.m1Normalized[a][b] - result.m2Normalized[a][b]) < 1e-9)
            }
            #expect(abs(result.m2Normalized[a][a] - 1) < 1e-12)
        }
        #expect(abs(result.m1[0][1] - result.m1[1][0]) < 1e-9 * abs(result.m1[0][1]))
    }

    @Test func blockCountDoesNotChangeTheResult() throws {
        let (x, y) = try sample(n: 50, d: 9, c: 4, seed: 2)
        let one = try LinearAffinity(x: x, y: y, blocks: 1), many = try LinearAffinity(x: x, y: y, blocks: 13)
        for a in 0..<4 { for b in 0..<4 { #expect(isClose(one.m2[a][b], many.m2[a][b], relative: 1e-12, floor: 1e-12)) } }
        #expect(try LinearAffinity(x: x, y: y, blocks: 13) == many)
    }

    @Test func shapeMismatchIsRejected() throws {
        let (x, _) = try sample(n: 5, d: 2, c: 2, seed: 1)
        #expect(throws: TensorError.self) { try LinearAffinity(x: x, y: Tensor<Float>(shape: [4, 2])) }
    }
}
