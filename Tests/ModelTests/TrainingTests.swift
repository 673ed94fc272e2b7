import Foundation
import Model
import Tensors
import Testing
import TestSupport

/// A stand-in for the synthetic data: task k is "||x[2k..2k+1]|| < 0.6", uniform x in [-1, 1]^d.
func ringData(points: Int, seed: UInt64, inputs: Int = 6, tasks: Int = 3) throws -> Dataset {
    var stream = Philox(seed: seed).stream(7)
    var x = [Float](), y = [Float]()
    for _ in 0..<points {
        let row = (0..<inputs).map { _ in Float(stream.nextUniform(in: -1, 1)) }
        x += row
        for task in 0..<tasks {
            let a = row[(2 * task) % inputs], b = row[(2 * task + 1) % inputs]
            y.append((a * a + b * b).squareRoot() < 0.6 ? 1 : 0)
        }
    }
    return try Dataset(x: Tensor(shape: [points, inputs], scalars: x), y: Tensor(shape: [points, tasks], scalars: y))
}

@Suite(.serialized) struct TrainingTests {
    let model = ModelConfig.paper(inputDimension: 6, outputs: 3, width: 32, hiddenBlocks: 1)

    func run(seed: UInt64, epochs: Int = 3, threads: Int = 1) throws -> (checkpoints: [Checkpoint], final: Parameters<Float>) {
        let train = try ringData(points: 100, seed: 1), test = try ringData(points: 40, seed: 2)
        let probe = try Dataset(x: Tensor(shape: [10, 6], scalars: Array(train.x.scalars[0..<60])),
                                y: Tensor(shape: [10, 3], scalars: Array(train.y.scalars[0..<30])))
        var training = TrainingConfig()
        training.epochs = epochs
        training.batchSize = 32
        training.checkpointEvery = 2
        training.weightEpochs = [2]
        training.blasThreads = threads
        var checkpoints: [Checkpoint] = []
        let final = try Training.run(model: model, training: training, seed: seed, train: train, test: test, probe: probe) {
            checkpoints.append($0)
        }
        return (checkpoints, final)
    }

    @Test func checkpointsHoldWhatSpecRecords() throws {
        let (checkpoints, final) = try run(seed: 0)
        #expect(checkpoints.map(\.epoch) == [0, 2, 3])
        let first = checkpoints[0]
        #expect(first.ntk.shape == [3, 3, 10, 10] && first.probeLogits.shape == [10, 3])
        #expect(first.trainLoss.count == 3 && first.testAccuracy.count == 3)
        #expect(checkpoints[1].weights != nil && first.weights == nil)
        #expect(checkpoints[2].weights == nil && final.values.count == model.parameterCount)
        // r = w (p - y) with w = c - 1 = 2 on positives.
        for index in first.residuals.scalars.indices {
            let weight: Float = 1 + (first.deviations.scalars[index] < 0 ? 1 : 0)
            #expect(first.residuals.scalars[index] == weight * first.deviations.scalars[index])
        }
    }

    @Test func sameSeedIsBitIdenticalAcrossThreadCounts() throws {
        let one = try run(seed: 4, threads: 1), two = try run(seed: 4, threads: 2)
        #expect(one.final == two.final)
        for (a, b) in zip(one.checkpoints, two.checkpoints) {
            #expect(a.ntk == b.ntk && a.probeLogits == b.probeLogits && a.trainLoss == b.trainLoss)
        }
        let other = try run(seed: 5)
        #expect(other.final != one.final)
        #expect(other.checkpoints[0].ntk != one.checkpoints[0].ntk)
    }

    @Test func parallelRunsEqualSequentialRuns() throws {
        let sequential = try [run(seed: 6).final, run(seed: 7).final]
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            results.set(index, try? run(seed: UInt64(6 + index)).final)
        }
        #expect(results.values[0] == sequential[0] && results.values[1] == sequential[1])
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var values: [Parameters<Float>?] = [nil, nil]
        func set(_ index: Int, _ value: Parameters<Float>?) { lock.lock(); values[index] = value; lock.unlock() }
    }

    @Test func trainingLearns() throws {
        let (checkpoints, _) = try run(seed: 1, epochs: 150)
        let start = checkpoints[0].trainLoss.reduce(0, +), end = checkpoints[checkpoints.count - 1].trainLoss.reduce(0, +)
        #expect(end < 0.5 * start, "train loss \(start) -> \(end)")
        #expect(checkpoints[checkpoints.count - 1].trainAccuracy.allSatisfy { $0 > 0.8 })
    }

    @Test func checkpointErrorsPropagateAndNaNIsNamed() throws {
        struct Stop: Error {}
        let data = try ringData(points: 20, seed: 1)
        var training = TrainingConfig()
        training.epochs = 2
        #expect(throws: Stop.self) {
            _ = try Training.run(model: model, training: training, seed: 0, train: data, test: data, probe: data) { _ in throw Stop() }
        }
        var bad = data.x.scalars
        bad[3] = .nan
        let poisoned = try Dataset(x: Tensor(shape: data.x.shape, scalars: bad), y: data.y)
        #expect(throws: ModelError.nonFinite(seed: 9, epoch: 0, quantity: "probe NTK")) {
            _ = try Training.run(model: model, training: training, seed: 9, train: data, test: data, probe: poisoned) { _ in }
        }
        #expect(throws: ModelError.nonFinite(seed: 9, epoch: 0, quantity: "train loss")) {
            _ = try Training.run(model: model, training: training, seed: 9, train: poisoned, test: data, probe: data) { _ in }
        }
    }
}
