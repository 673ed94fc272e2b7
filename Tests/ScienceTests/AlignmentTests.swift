import Testing
@testable import Science
import Tensors
import TestSupport

@Suite struct AlignmentTests {
    private func randomMatrix(_ n: Int, seed: UInt64) -> [Double] {
        var stream = Philox(seed: seed).stream(1)
        return (0..<(n * n)).map { _ in stream.nextNormal() }
    }

    @Test func selfIsOneNegativeIsMinusOne() {
        let m = randomMatrix(6, seed: 1)
        #expect(abs(Alignment.alignment(m, m, points: 6) - 1) < 1e-14)
        #expect(abs(Alignment.alignment(m, m.map { -$0 }, points: 6) + 1) < 1e-14)
        #expect(abs(Alignment.alignment(m, m.map { -3 * $0 }, points: 6, centered: true) + 1) < 1e-14)
        #expect(Alignment.alignment(m, [Double](repeating: 0, count: 36), points: 6) == 0)
    }

    @Test func centeringRemovesConstantMatrices() {
        let n = 5
        let m = randomMatrix(n, seed: 2)
        let shifted = m.map { $0 + 4 }
        let constant = [Double](repeating: 2, count: n * n)
        #expect(abs(Alignment.alignment(constant, constant.map { $0 * 3 }, points: n) - 1) < 1e-14)
        #expect(Alignment.alignment(constant, m, points: n, centered: true) == 0)
        #expect(abs(Alignment.alignment(shifted, m, points: n, centered: true) - 1) < 1e-12)
        #expect(Alignment.alignment(shifted, m, points: n) < 0.9)
        // H M H by hand for [[1, 2], [3, 5]].
        let centered = Alignment.center([1, 2, 3, 5], points: 2)
        // row means 1.5, 4; column means 2, 3.5; grand 2.75.
        let expected: [Double] = [0.25, -0.25, -0.25, 0.25]   // 1-1.5-2+2.75, 2-1.5-3.5+2.75, 3-4-2+2.75, 5-4-3.5+2.75
        #expect(centered == expected)
    }

    @Test func outerProductAlignmentMatchesTheExplicitMatrix() {
        let n = 7
        let k = randomMatrix(n, seed: 3).map { Float($0) }
        var stream = Philox(seed: 4).stream(0)
        let u = (0..<n).map { _ in stream.nextNormal() }, v = (0..<n).map { _ in stream.nextNormal() }
        let outer = (0..<(n * n)).map { u[$0 / n] * v[$0 % n] }
        for centered in [false, true] {
            let implicit = Alignment.alignment(k, left: u, right: v, centered: centered)
            let explicit = Alignment.alignment(k, outer, points: n, centered: centered)
            #expect(isClose(implicit, explicit, relative: 1e-12), "centered \(centered)")
        }
    }

    @Test func targetAndDeviationAlignmentsReadTheRightBlocks() throws {
        let (c, n) = (2, 3)
        var values = [Float](repeating: 0, count: c * c * n * n)
        // K_00 = t t^T for t = 2y - 1 of task 0; K_01 = r_0 r_1^T.
        let y: [Double] = [1, 0, 0, 1, 1, 1]      // [N, c]
        let r: [Double] = [0.5, -1, 2, 0.25, -1, 3]
        let t0 = [1.0, -1, 1]
        for i in 0..<n { for j in 0..<n {
            values[i * n + j] = Float(t0[i] * t0[j])
            values[n * n + i * n + j] = Float(r[i * 2] * r[j * 2 + 1])
        } }
        let ntk = try NTKBlocks(tasks: c, points: n, values: values)
        let labels = try PointTaskMatrix(points: n, tasks: c, values: y)
        let residuals = try PointTaskMatrix(points: n, tasks: c, values: r)
        let target = try Alignment.targetAlignments(ntk: ntk, labels: labels, target: .pm1)
        #expect(abs(target[0] - 1) < 1e-7)
        let deviation = try Alignment.deviationAlignments(ntk: ntk, residuals: residuals)
        #expect(abs(deviation[0][1] - 1) < 1e-7)
        #expect(deviation[1][1] == 0)
        // With t = y, task 0's target is [1, 0, 1]: compare with the explicit formula.
        let t01 = [1.0, 0, 1]
        let expected = Alignment.alignment(ntk.block(0, 0), (0..<9).map { t01[$0 / 3] * t01[$0 % 3] }, points: 3)
        #expect(abs(try Alignment.targetAlignments(ntk: ntk, labels: labels, target: .zeroOne)[0] - expected) < 1e-12)
        #expect(throws: AnalysisError.self) {
            try Alignment.deviationAlignments(ntk: ntk, residuals: try PointTaskMatrix(points: 2, tasks: 2, values: [0, 0, 0, 0]))
        }
    }

    @Test func crossRunConsistencyMatchesExplicitMeans() throws {
        let (c, n, runs) = (2, 4, 3)
        var stream = Philox(seed: 9).stream(0)
        let kernels = try (0..<runs).map { _ in
            try NTKBlocks(tasks: c, points: n, values: (0..<(c * c * n * n)).map { _ in Float(stream.nextNormal()) })
        }
        let residuals = try (0..<runs).map { _ in
            try PointTaskMatrix(points: n, tasks: c, values: (0..<(n * c)).map { _ in stream.nextNormal() })
        }
        for centered in [false, true] {
            let ntk = try Alignment.ntkConsistency(runs: kernels, centered: centered)
            let g = try Alignment.residualConsistency(runs: residuals, centered: centered)
            for a in 0..<c { for b in 0..<c {
                let meanK = (0..<(n * n)).map { k in kernels.reduce(0.0) { $0 + Double($1.block(a, b)[$1.block(a, b).startIndex + k]) } / Double(runs) }
                let outer = residuals.map { r in (0..<(n * n)).map { r[$0 / n, a] * r[$0 % n, b] } }
                let meanG = (0..<(n * n)).map { k in outer.reduce(0.0) { $0 + $1[k] } / Double(runs) }
                for run in 0..<runs {
                    let expectedK = Alignment.alignment(kernels[run].block(a, b), meanK, points: n, centered: centered)
                    let expectedG = Alignment.alignment(outer[run], meanG, points: n, centered: centered)
                    #expect(isClose(ntk[run][a][b], expectedK, relative: 1e-12))
                    #expect(isClose(g[run][a][b], expectedG, relative: 1e-10))
                }
            } }
        }
        let same = try Alignment.ntkConsistency(runs: [kernels[0], kernels[0]])
        #expect(abs(same[1][0][1] - 1) < 1e-12)
    }

    @Test func curveSummaries() {
        let curve = [0.1, 0.9, 0.5, 0.85, 0.95, 0.99]
        #expect(CurveSummary.firstExceeding(curve, threshold: 0.8) == 1)
        #expect(CurveSummary.firstStayingAbove(curve, threshold: 0.8) == 3)
        #expect(CurveSummary.firstStayingAbove([0.9, 0.1], threshold: 0.8) == nil)
        #expect(CurveSummary.firstExceeding([0.1], threshold: 0.8) == nil)
        let (mean, std) = CurveSummary.meanAndSpread([[1, 2], [3, 6]])
        #expect(mean == [2, 4])
        #expect(std == [1, 2])
    }
}
