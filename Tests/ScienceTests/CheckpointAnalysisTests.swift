import Testing
@testable import Science
import Tensors

@Suite struct CheckpointAnalysisTests {
    @Test func assemblesTheSameNumbersAsTheParts() throws {
        let (c, n, runs) = (2, 3, 2)
        var stream = Philox(seed: 5).stream(0)
        let ntk = try (0..<runs).map { _ in
            try NTKBlocks(tasks: c, points: n, values: (0..<(c * c * n * n)).map { _ in Float(stream.nextNormal()) })
        }
        let logits = try (0..<runs).map { _ in try PointTaskMatrix(points: n, tasks: c, values: (0..<(n * c)).map { _ in stream.nextNormal() }) }
        let labels = try PointTaskMatrix(points: n, tasks: c, values: [1.0, 0, 0, 1, 1, 1])
        let losses = try logits.map { try Residuals.taskLosses(logits: $0, labels: labels) }
        var analysis = ReadingAnalysis(reading: Reading(residual: .deviation, alignment: .centered, target: .zeroOne), runs: runs)
        let reading = analysis.reading
        let checkpoint = try CheckpointAnalysis(ntk: ntk, logits: logits, labels: labels, losses: losses, reading: reading,
                                                learningRate: 0.5)
        try analysis.append(checkpoint, epoch: 0)
        try analysis.append(checkpoint, epoch: 4)
        #expect(analysis.epochs == [0, 4] && analysis.affinity.count == 2 && analysis.deviationAlignment[1].count == 2)

        let residuals = try logits.map { try Residuals.residuals(logits: $0, labels: labels, reading: .deviation) }
        // The deviation residual is p - y: check one entry by hand.
        #expect(abs(residuals[0][0, 0] - (1 / (1 + exp(-logits[0][0, 0])) - 1)) < 1e-15)
        let deviation = try Alignment.deviationAlignments(ntk: ntk[1], residuals: residuals[1], centered: true)
        #expect(checkpoint.deviationAlignment[1] == deviation)
        let target = try Alignment.targetAlignments(ntk: ntk[0], labels: labels, target: .zeroOne, centered: true)
        #expect(checkpoint.targetAlignment[0] == target)
        let mean = try Affinity.meanOverRuns(ntk: ntk, residuals: residuals, losses: losses, learningRate: 0.5)
        #expect(analysis.affinity[1] == mean.s)
        #expect(checkpoint.runAffinity[0] == (try Affinity.singleRun(ntk: ntk[0], residuals: residuals[0], losses: losses[0], learningRate: 0.5)))
        var threeRuns = ReadingAnalysis(reading: reading, runs: 3)
        #expect(throws: AnalysisError.self) { try threeRuns.append(checkpoint, epoch: 0) }
    }
}

import Foundation
