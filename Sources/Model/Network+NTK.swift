public import Tensors

/// The exact empirical NTK of the logits: K[a, b, i, j] = grad_theta z_a(x_i) . grad_theta z_b(x_j), the
/// parameters theta being the raw N(0, 1) draws (neural-tangents `empirical_ntk_fn(..., trace_axes=())`,
/// stored block-major [a, b, i, j] instead of its [i, j, a, b]).
extension Network {
    /// The NTK of x [N, d], all output blocks: [c, c, N, N], computed per dense layer from its input
    /// activations A and the backpropagated output gradients G^a (one block of N rows per output a):
    /// K[a, b, i, j] = sum over dense layers of (W_std^2 / fanIn <A_i, A_j> + b_std^2) <G_i^a, G_j^b>.
    /// The Jacobian is never formed; the Gram matrices are BLAS syrk calls. Cost per dense layer:
    /// N^2 fanIn + (cN)^2 fanOut multiply-adds (half each, by symmetry).
    @_specialize(exported: true, where Scalar == Float)
    public func empiricalNTK(_ x: Tensor<Scalar>) throws(ModelError) -> Tensor<Scalar> {
        try checkShapes(x: x, y: nil)
        let points = x.shape[0], c = outputs, rows = c * points
        x.scalars.withUnsafeBufferPointer { loadInput($0.baseAddress!, rows: points) }
        forward(rows: points)
        reserveGradients(rows)
        let seed = outputGradients[outputGradients.count - 1]
        seed.update(repeating: 0, count: rows * c)
        for a in 0..<c { for i in 0..<points { seed[(a * points + i) * c + a] = 1 } }
        backward(rows: rows, rowPeriod: points, target: .none)

        var activationGram = [Scalar](repeating: 0, count: points * points)
        var gradientGram = [Scalar](repeating: 0, count: rows * rows)
        var kernel = [Scalar](repeating: 0, count: rows * rows)   // [c N, c N], lower triangle
        activationGram.withUnsafeMutableBufferPointer { activationBuffer in
            gradientGram.withUnsafeMutableBufferPointer { gradientBuffer in
                kernel.withUnsafeMutableBufferPointer { kernelBuffer in
                    let s = activationBuffer.baseAddress!, gg = gradientBuffer.baseAddress!, k = kernelBuffer.baseAddress!
                    for (layer, shape) in dense.enumerated() {
                        let input = layerInput(shape.layerIndex)
                        let weightScale = Scalar(shape.weightScale)
                        BLAS.syrkLower(n: points, k: shape.fanIn, alpha: weightScale * weightScale, a: input, lda: shape.fanIn,
                                       beta: 0, c: s, ldc: points)
                        let biasTerm = Scalar(shape.bStd * shape.bStd)
                        for i in 0..<points {
                            for j in 0...i { s[i * points + j] += biasTerm; s[j * points + i] = s[i * points + j] }
                        }
                        BLAS.syrkLower(n: rows, k: shape.fanOut, alpha: 1, a: outputGradients[layer],
                                       lda: shape.fanOut, beta: 0, c: gg, ldc: rows)
                        for r in 0..<rows {
                            let sRow = s + (r % points) * points
                            let ggRow = gg + r * rows, kRow = k + r * rows
                            for block in 0...(r / points) {
                                let end = block == r / points ? r % points : points - 1
                                let offset = block * points
                                for j in 0...end { kRow[offset + j] += sRow[j] * ggRow[offset + j] }
                            }
                        }
                    }
                }
            }
        }
        return try Self.tensor([c, c, points, points], Self.blockMajor(lowerTriangle: kernel, outputs: c, points: points))
    }

    /// [a, b, i, j] from the lower triangle of the [c N, c N] matrix with row a N + i, column b N + j.
    static func blockMajor(lowerTriangle kernel: [Scalar], outputs c: Int, points: Int) -> [Scalar] {
        let rows = c * points
        var result = [Scalar](repeating: 0, count: rows * rows)
        for a in 0..<c {
            for b in 0..<c {
                for i in 0..<points {
                    let r = a * points + i, base = ((a * c + b) * points + i) * points
                    for j in 0..<points {
                        let s = b * points + j
                        result[base + j] = r >= s ? kernel[r * rows + s] : kernel[s * rows + r]
                    }
                }
            }
        }
        return result
    }

    /// The full Jacobian d z_a(x_i) / d theta of x [N, d]: [c N, parameterCount], row a N + i, each row
    /// one ordinary backward pass of a single point seeded with the unit vector e_a (the training path).
    @_specialize(exported: true, where Scalar == Float)
    public func jacobian(_ x: Tensor<Scalar>) throws(ModelError) -> Tensor<Scalar> {
        try checkShapes(x: x, y: nil)
        let points = x.shape[0], c = outputs
        var jacobian = [Scalar](repeating: 0, count: c * points * parameterCount)
        reserveGradients(1)
        let seed = outputGradients[outputGradients.count - 1]
        x.scalars.withUnsafeBufferPointer { xs in
            jacobian.withUnsafeMutableBufferPointer { rowsBuffer in
                for i in 0..<points {
                    loadInput(xs.baseAddress! + i * config.inputDimension, rows: 1)
                    forward(rows: 1)
                    for a in 0..<c {
                        seed.update(repeating: 0, count: c)
                        seed[a] = 1
                        backward(rows: 1, rowPeriod: 1, target: .accumulate(
                            into: rowsBuffer.baseAddress! + (a * points + i) * parameterCount, alpha: 1, beta: 0))
                    }
                }
            }
        }
        return try Self.tensor([c * points, parameterCount], jacobian)
    }

    /// The same NTK as `empiricalNTK`, the plain way: the Jacobian J [c N, P] and K = J J^T (one syrk),
    /// reordered to [c, c, N, N]. Memory c N P scalars; kept for tests and the benchmark.
    @_specialize(exported: true, where Scalar == Float)
    public func jacobianNTK(_ x: Tensor<Scalar>) throws(ModelError) -> Tensor<Scalar> {
        let jacobian = try jacobian(x)
        let points = x.shape[0], rows = outputs * points
        var kernel = [Scalar](repeating: 0, count: rows * rows)
        jacobian.scalars.withUnsafeBufferPointer { j in
            kernel.withUnsafeMutableBufferPointer { k in
                BLAS.syrkLower(n: rows, k: parameterCount, alpha: 1, a: j.baseAddress!, lda: parameterCount,
                               beta: 0, c: k.baseAddress!, ldc: rows)
            }
        }
        return try Self.tensor([outputs, outputs, points, points],
                               Self.blockMajor(lowerTriangle: kernel, outputs: outputs, points: points))
    }
}
