import Testing
@testable import Science
import TestSupport

@Suite struct AffinityTests {
    /// Two runs, two points, two tasks. Only K_10 (the block for a = 0 -> b = 1) is non-zero.
    ///   run A: K_10 = [[1, 2], [3, 4]], r_0 = [1, -1], r_1 = [2, 1], L_1 = 0.75
    ///   run B: K_10 = [[3, 0], [1, 2]], r_0 = [0, 2], r_1 = [1, -1], L_1 = 0.25
    /// Kbar_10 = [[2, 1], [2, 3]]; Gbar_10 = mean of r_1 r_0^T = mean([[2, -2], [1, -1]], [[0, 2], [0, -2]])
    /// = [[1, 0], [0.5, -1.5]]; <Kbar, Gbar> = 2 + 0 + 1 - 4.5 = -1.5; Lbar_1 = 0.5; N^2 = 4.
    /// eta = 1: S[0 -> 1] = -1.5 / (4 * 0.5) = -0.75, P[0 -> 1] = -1.5 / 4 = -0.375.
    /// Single run A: r_1^T K_10 r_0 = [2, 1] . [-1, -1] = -3: S = -3 / (4 * 0.75) = -1, P = -0.75.
    private func example() throws -> ([NTKBlocks], [PointTaskMatrix], [[Double]]) {
        func kernel(_ k10: [Float]) throws -> NTKBlocks {
            var values = [Float](repeating: 0, count: 16)
            for k in 0..<4 { values[(1 * 2 + 0) * 4 + k] = k10[k] }
            return try NTKBlocks(tasks: 2, points: 2, values: values)
        }
        let ntk = [try kernel([1, 2, 3, 4]), try kernel([3, 0, 1, 2])]
        // [N, c] rows: point 0 = (r_0, r_1), point 1 = (r_0, r_1).
        let residuals = [try PointTaskMatrix(points: 2, tasks: 2, values: [1.0, 2, -1, 1]),
                         try PointTaskMatrix(points: 2, tasks: 2, values: [0.0, 1, 2, -1])]
        return (ntk, residuals, [[0.3, 0.75], [0.3, 0.25]])
    }

    @Test func meanOverRunsMatchesTheHandComputation() throws {
        let (ntk, residuals, losses) = try example()
        let mean = try Affinity.meanOverRuns(ntk: ntk, residuals: residuals, losses: losses)
        #expect(abs(mean.s[0][1] + 0.75) < 1e-12)
        #expect(abs(mean.p[0][1] + 0.375) < 1e-12)
        #expect(mean.s[1][0] == 0 && mean.p[0][0] == 0)
        let halfRate = try Affinity.meanOverRuns(ntk: ntk, residuals: residuals, losses: losses, learningRate: 0.5)
        #expect(abs(halfRate.s[0][1] + 0.375) < 1e-12)
    }

    @Test func singleRunAndTrajectoryTotal() throws {
        let (ntk, residuals, losses) = try example()
        let single = try Affinity.singleRun(ntk: ntk[0], residuals: residuals[0], losses: losses[0])
        #expect(abs(single.s[0][1] + 1) < 1e-12)
        #expect(abs(single.p[0][1] + 0.75) < 1e-12)
        let total = Affinity.trajectoryTotal([single, single, single])
        #expect(abs(total.s[0][1] + 3) < 1e-12)
        #expect(abs(total.p[0][1] + 2.25) < 1e-12)
    }

    @Test func mismatchedRunsAreRejected() throws {
        let (ntk, residuals, losses) = try example()
        #expect(throws: AnalysisError.self) { try Affinity.meanOverRuns(ntk: ntk, residuals: [residuals[0]], losses: losses) }
        #expect(throws: AnalysisError.self) { try Affinity.meanOverRuns(ntk: ntk, residuals: residuals, losses: [[1], [1]]) }
    }

    @Test func residualsAndLossesFromLogits() throws {
        // z = 0 -> p = 1/2. c = 4: weight 3 for y = 1, 1 for y = 0.
        let logits = try PointTaskMatrix(points: 1, tasks: 4, values: [0.0, 0, 2, -1])
        let labels = try PointTaskMatrix(points: 1, tasks: 4, values: [1.0, 0, 1, 0])
        let gradient = try Residuals.residuals(logits: logits, labels: labels, reading: .lossGradient)
        #expect(gradient.values[0] == -1.5 && gradient.values[1] == 0.5)
        let p2 = 1 / (1 + exp(-2.0)), p3 = 1 / (1 + exp(1.0))
        #expect(abs(gradient.values[2] - 3 * (p2 - 1)) < 1e-15 && abs(gradient.values[3] - p3) < 1e-15)
        let deviation = try Residuals.residuals(logits: logits, labels: labels, reading: .deviation)
        #expect(deviation.values[0] == -0.5)
        let losses = try Residuals.taskLosses(logits: logits, labels: labels)
        #expect(abs(losses[0] - 3 * log(2.0)) < 1e-15)
        #expect(abs(losses[2] - 3 * -log(p2)) < 1e-14)
        #expect(abs(losses[3] - -log(1 - p3)) < 1e-14)
    }
}

import Foundation
