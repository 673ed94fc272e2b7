import Model
import Tensors
import Testing
import TestSupport

@Suite struct NTKTests {
    /// The layer-wise NTK equals J J^T with J built row by row from ordinary backward passes.
    @Test func structuredMatchesJacobian() throws {
        let config = ModelConfig.paper(inputDimension: 5, outputs: 3, width: 24, hiddenBlocks: 2)
        let parameters = try Parameters<Float>(config: config, seed: 11)
        var stream = Philox(seed: 5).stream(0)
        let x = try Tensor<Float>(shape: [12, 5], scalars: (0..<60).map { _ in Float(stream.nextUniform(in: -1, 1)) })
        let network = Network(parameters)
        let structured = try network.empiricalNTK(x)
        let plain = try network.jacobianNTK(x)
        #expect(structured.shape == [3, 3, 12, 12] && plain.shape == structured.shape)
        let scale = plain.scalars.map(abs).max() ?? 1
        #expect(try structured.maxAbsDifference(plain) <= 1e-5 * scale)
        // The Double path agrees with the Float path to float precision.
        let double = try Network(parameters.converted(to: Double.self)).empiricalNTK(x.converted(to: Double.self))
        #expect(try structured.converted(to: Double.self).maxAbsDifference(double) <= 1e-5 * Double(scale))
    }

    /// K[a, b, i, j] = K[b, a, j, i] exactly, and the (a, i) x (b, j) matrix is positive semidefinite.
    @Test func symmetricAndPositiveSemidefinite() throws {
        let (config, parameters, x, _) = try smallProblem(Double.self, points: 9)
        let ntk = try Network(parameters).empiricalNTK(x)
        let c = config.outputs, n = 9, size = c * n
        for a in 0..<c { for b in 0..<c { for i in 0..<n { for j in 0..<n {
            #expect(ntk[a, b, i, j] == ntk[b, a, j, i])
        } } } }
        // Cholesky of K + tiny jitter succeeds only when K is PSD (up to rounding).
        var matrix = [Double](repeating: 0, count: size * size)
        var trace = 0.0
        for a in 0..<c { for i in 0..<n { trace += ntk[a, a, i, i] } }
        for a in 0..<c { for b in 0..<c { for i in 0..<n { for j in 0..<n {
            matrix[(a * n + i) * size + b * n + j] = ntk[a, b, i, j]
        } } } }
        for r in 0..<size { matrix[r * size + r] += 1e-10 * trace / Double(size) }
        var positive = true
        for col in 0..<size {
            var diagonal = matrix[col * size + col]
            for k in 0..<col { diagonal -= matrix[col * size + k] * matrix[col * size + k] }
            if diagonal <= 0 { positive = false; break }
            let root = diagonal.squareRoot()
            matrix[col * size + col] = root
            for row in (col + 1)..<size {
                var value = matrix[row * size + col]
                for k in 0..<col { value -= matrix[row * size + k] * matrix[col * size + k] }
                matrix[row * size + col] = value / root
            }
        }
        #expect(positive)
    }

    /// The NTK of a single dense layer in closed form: K[a, b, i, j] = delta_ab (W_std^2/d <x_i, x_j> + b_std^2).
    @Test func singleDenseLayerClosedForm() throws {
        let config = ModelConfig(inputDimension: 3, layers: [.dense(width: 2, wStd: 0.7, bStd: 0.2)])
        let network = Network(try Parameters<Double>(config: config, seed: 1))
        let x = try Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, -1, 0.5, 2])
        let ntk = try network.empiricalNTK(x)
        let dot = [[14.0, 6.0], [6.0, 5.25]]
        for a in 0..<2 { for b in 0..<2 { for i in 0..<2 { for j in 0..<2 {
            let expected = a == b ? 0.49 / 3 * dot[i][j] + 0.04 : 0
            #expect(abs(ntk[a, b, i, j] - expected) <= 1e-14)
        } } } }
    }
}
