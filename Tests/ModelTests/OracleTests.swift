import Model
import Tensors
import Testing
import TestSupport

/// Our forward pass, loss, gradient, SGD step and NTK against neural-tangents on the same weights.
@Suite struct OracleTests {
    let fixture: OracleFixture
    init() throws { fixture = try OracleFixture() }

    func check<S: TensorScalar>(_: S.Type, logits expectedLogits: [Double], ntk expectedNTK: [Double], loss expectedLoss: Double,
                                tolerance: Double, gradientTolerance: Double) throws {
        let parameters = try Parameters<S>(config: fixture.config, values: fixture.parameters.map { S($0) })
        #expect(parameters.values.count == fixture.config.parameterCount)
        let network = Network(parameters)
        let (x, y) = try fixture.inputs(S.self)
        let logits = try network.logits(x)
        let logitScale = expectedLogits.map(abs).max() ?? 1
        for index in expectedLogits.indices {
            #expect(abs(Double(logits.scalars[index]) - expectedLogits[index]) <= tolerance * logitScale, "logit \(index)")
        }
        let ntk = try network.empiricalNTK(x)
        let c = fixture.outputs, n = fixture.points
        #expect(ntk.shape == [c, c, n, n])
        let ntkScale = expectedNTK.map(abs).max() ?? 1
        var worst = 0.0
        for a in 0..<c { for b in 0..<c { for i in 0..<n { for j in 0..<n {
            worst = max(worst, abs(Double(ntk[a, b, i, j]) - fixture.ntkValue(expectedNTK, a: a, b: b, i: i, j: j)))
        } } } }
        #expect(worst <= tolerance * ntkScale, "NTK worst difference \(worst) of scale \(ntkScale)")

        let loss = WeightedBCE(tasks: c)
        let (value, gradient) = try network.gradient(x: x, y: y, loss: loss)
        #expect(isClose(value, expectedLoss, relative: tolerance))
        let gradientScale = fixture.gradient.map(abs).max() ?? 1
        for index in gradient.indices {
            #expect(abs(Double(gradient[index]) - fixture.gradient[index]) <= gradientTolerance * gradientScale, "gradient \(index)")
        }
        try network.sgdStep(x: x, y: y, loss: loss, learningRate: 1)
        let stepped = network.parameters.values
        let stepScale = fixture.afterStep.map(abs).max() ?? 1
        for index in stepped.indices {
            #expect(abs(Double(stepped[index]) - fixture.afterStep[index]) <= gradientTolerance * stepScale, "after step \(index)")
        }
    }

    @Test func float32MatchesNeuralTangentsFloat32() throws {
        try check(Float.self, logits: fixture.logits, ntk: fixture.ntk, loss: fixture.loss, tolerance: 2e-6,
                  gradientTolerance: 2e-6)
    }

    @Test func float64MatchesNeuralTangentsFloat64() throws {
        try check(Double.self, logits: fixture.logits64, ntk: fixture.ntk64, loss: fixture.loss64, tolerance: 1e-12,
                  gradientTolerance: 2e-6)  // the fixture's grad and after_sgd_step are float32 only
    }

    @Test func fixtureConfigIsThePaperShape() {
        #expect(fixture.config.layers[1] == .layerNorm(eps: ModelConfig.layerNormEpsilon))
        #expect(fixture.config.parameterCount == 10 * 16 + 16 + 16 * 16 + 16 + 16 * 4 + 4)
    }
}
