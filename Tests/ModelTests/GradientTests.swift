import Foundation
import Model
import Tensors
import Testing
import TestSupport

/// A small network of every layer kind, with random points and labels, for the self-consistency tests.
func smallProblem<S: TensorScalar>(_: S.Type, seed: UInt64 = 3, points: Int = 6, width: Int = 7, outputs: Int = 3)
    throws -> (config: ModelConfig, parameters: Parameters<S>, x: Tensor<S>, y: Tensor<S>) {
    let config = ModelConfig(inputDimension: 4, layers: [
        .dense(width: width, wStd: 1.0, bStd: 0.05), .layerNorm(eps: 1e-12), .relu,
        .dense(width: width, wStd: 0.6, bStd: 0.3), .layerNorm(eps: 1e-12), .relu,
        .dense(width: outputs, wStd: 0.6, bStd: 0.05),
    ])
    var stream = Philox(seed: seed).stream(99)
    let x = try Tensor<S>(shape: [points, 4], scalars: (0..<(points * 4)).map { _ in S(stream.nextUniform(in: -1, 1)) })
    let y = try Tensor<S>(shape: [points, outputs], scalars: (0..<(points * outputs)).map { _ in stream.nextUniform() < 0.4 ? 1 : 0 })
    return (config, try Parameters<S>(config: config, seed: seed), x, y)
}

@Suite struct GradientTests {
    /// Central differences in Double, step 1e-6: truncation ~1e-12 and rounding ~1e-10 relative.
    @Test func gradientMatchesCentralDifferences() throws {
        let (config, parameters, x, y) = try smallProblem(Double.self)
        let loss = WeightedBCE(tasks: config.outputs)
        let (_, gradient) = try Network(parameters).gradient(x: x, y: y, loss: loss)
        let step = 1e-6
        var worst = 0.0
        let scale = gradient.map(abs).max() ?? 1
        for index in 0..<config.parameterCount {
            var plus = parameters, minus = parameters
            plus.values[index] += step
            minus.values[index] -= step
            let up = try Network(plus).evaluate(x: x, y: y, loss: loss).totalLoss
            let down = try Network(minus).evaluate(x: x, y: y, loss: loss).totalLoss
            worst = max(worst, abs((up - down) / (2 * step) - gradient[index]))
        }
        #expect(scale > 1e-3)
        #expect(worst <= 1e-7 * scale, "worst difference \(worst), gradient scale \(scale)")
    }

    /// The SGD step is theta - eta * gradient exactly as computed by `gradient`.
    @Test func sgdStepIsGradientStep() throws {
        let (config, parameters, x, y) = try smallProblem(Double.self)
        let loss = WeightedBCE(tasks: config.outputs)
        let (_, gradient) = try Network(parameters).gradient(x: x, y: y, loss: loss)
        let network = Network(parameters)
        try network.sgdStep(x: x, y: y, loss: loss, learningRate: 0.5)
        for (index, value) in network.parameters.values.enumerated() {
            #expect(abs(value - (parameters.values[index] - 0.5 * gradient[index])) <= 1e-14)
        }
    }

    /// The loss at a known point: one dense layer with zero weights gives z = b_std * b.
    @Test func weightedLossClosedForm() throws {
        let config = ModelConfig(inputDimension: 1, layers: [.dense(width: 2, wStd: 1, bStd: 1)])
        let parameters = try Parameters<Double>(config: config, values: [0, 0, 0.5, -1])
        let x = try Tensor<Double>(shape: [1, 1], scalars: [3])
        let y = try Tensor<Double>(shape: [1, 2], scalars: [1, 0])
        let evaluation = try Network(parameters).evaluate(x: x, y: y, loss: WeightedBCE(positiveWeight: 3))
        let expected0 = -3 * log(1 / (1 + exp(-0.5)))
        let expected1 = -log(1 - 1 / (1 + exp(1.0)))
        #expect(isClose(evaluation.meanLoss[0], expected0, relative: 1e-14))
        #expect(isClose(evaluation.meanLoss[1], expected1, relative: 1e-14))
        #expect(evaluation.correct == [1, 1])
    }

    @Test func parametersAreNormalDrawsLaidOutPerDenseLayer() throws {
        let parameters = try Parameters<Double>(config: .paper(), seed: 0)
        #expect(parameters.values.count == 10 * 256 + 256 + 3 * (256 * 256 + 256) + 256 * 4 + 4)
        let weights = parameters.weights(ofDense: 1), bias = parameters.bias(ofDense: 4)
        #expect(weights.shape == [256, 256] && bias.shape == [4])
        #expect(weights[0, 0] == parameters.values[10 * 256 + 256])
        #expect(bias[3] == parameters.values[parameters.values.count - 1])
        let mean = parameters.values.reduce(0, +) / Double(parameters.values.count)
        let variance = parameters.values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(parameters.values.count)
        #expect(abs(mean) < 0.01 && abs(variance - 1) < 0.01)   // 201,988 draws: standard errors 0.002, 0.003
        #expect(try Parameters<Float>(config: .paper(), seed: 0).values == parameters.values.map { Float($0) })
    }

    @Test func configRoundTripsThroughJSON() throws {
        let config = ModelConfig.paper(outputs: 3, width: 64, hiddenBlocks: 2)
        let decoded = try JSONDecoder().decode(ModelConfig.self, from: JSONEncoder().encode(config))
        #expect(decoded == config && decoded.outputs == 3 && decoded.denseLayers.count == 4)
    }

    @Test func invalidConfigurationsAreRejected() {
        #expect(throws: ModelError.self) { try ModelConfig(inputDimension: 3, layers: [.relu]).validate() }
        #expect(throws: ModelError.self) {
            try Parameters<Float>(config: .paper(), values: [1, 2, 3])
        }
    }
}
