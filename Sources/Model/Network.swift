public import Tensors

/// The forward and backward passes of a network, written by hand over preallocated buffers.
///
/// A workspace, not a value: it owns the parameters (flat, see `Parameters`) and one buffer per layer
/// output, per LayerNorm's inverse standard deviations and per dense layer's output gradient. Buffers grow
/// only when a call needs more rows than before, so a training step allocates nothing. Not thread-safe:
/// one instance per run.
public final class Network<Scalar: TensorScalar> {
    public let config: ModelConfig
    let dense: [DenseShape]
    let layerWidths: [Int]
    /// For each layer, the index of the dense layer it belongs to (the last dense layer at or before it).
    let denseOwner: [Int]
    public let parameterCount: Int
    public let outputs: Int
    let parameterBuffer: UnsafeMutablePointer<Scalar>

    private(set) var activationCapacity = 0
    var inputBuffer: UnsafeMutablePointer<Scalar>
    var layerOutputs: [UnsafeMutablePointer<Scalar>]
    var inverseStd: [UnsafeMutablePointer<Scalar>]
    private(set) var gradientCapacity = 0
    /// Per dense layer k: d(quantity)/d(output of dense k), [rows, fanOut_k].
    var outputGradients: [UnsafeMutablePointer<Scalar>]

    /// A network holding `parameters`.
    public init(_ parameters: Parameters<Scalar>) {
        config = parameters.config
        dense = config.denseLayers
        var widths: [Int] = []
        var owner: [Int] = []
        var width = config.inputDimension
        var denseIndex = -1
        for layer in config.layers {
            if case .dense(let out, _, _) = layer { width = out; denseIndex += 1 }
            widths.append(width)
            owner.append(denseIndex)
        }
        layerWidths = widths
        denseOwner = owner
        parameterCount = config.parameterCount
        outputs = config.outputs
        let buffer = UnsafeMutablePointer<Scalar>.allocate(capacity: parameters.values.count)
        buffer.initialize(from: parameters.values, count: parameters.values.count)
        parameterBuffer = buffer
        inputBuffer = .allocate(capacity: 0)
        layerOutputs = config.layers.map { _ in .allocate(capacity: 0) }
        inverseStd = config.layers.map { _ in .allocate(capacity: 0) }
        outputGradients = dense.map { _ in .allocate(capacity: 0) }
    }

    deinit {
        parameterBuffer.deallocate()
        inputBuffer.deallocate()
        for buffer in layerOutputs { buffer.deallocate() }
        for buffer in inverseStd { buffer.deallocate() }
        for buffer in outputGradients { buffer.deallocate() }
    }

    /// A copy of the current parameters.
    public var parameters: Parameters<Scalar> {
        Parameters(unchecked: config, Array(UnsafeBufferPointer(start: parameterBuffer, count: parameterCount)))
    }

    /// Makes room for forward passes of `rows` points.
    func reserveActivations(_ rows: Int) {
        guard rows > activationCapacity else { return }
        inputBuffer.deallocate()
        inputBuffer = .allocate(capacity: rows * config.inputDimension)
        for index in layerOutputs.indices {
            layerOutputs[index].deallocate()
            layerOutputs[index] = .allocate(capacity: rows * layerWidths[index])
            inverseStd[index].deallocate()
            inverseStd[index] = .allocate(capacity: rows)
        }
        activationCapacity = rows
    }

    /// Makes room for backward passes of `rows` gradient rows.
    func reserveGradients(_ rows: Int) {
        guard rows > gradientCapacity else { return }
        for index in outputGradients.indices {
            outputGradients[index].deallocate()
            outputGradients[index] = .allocate(capacity: rows * dense[index].fanOut)
        }
        gradientCapacity = rows
    }

    /// Copies the rows `indices` of `x` ([*, inputDimension], row-major) into the input buffer.
    func loadInput(_ x: UnsafePointer<Scalar>, rows indices: some Collection<Int>) {
        reserveActivations(indices.count)
        let d = config.inputDimension
        for (row, source) in indices.enumerated() {
            (inputBuffer + row * d).update(from: x + source * d, count: d)
        }
    }

    /// Copies the first `rows` rows of `x` into the input buffer.
    func loadInput(_ x: UnsafePointer<Scalar>, rows: Int) {
        reserveActivations(rows)
        inputBuffer.update(from: x, count: rows * config.inputDimension)
    }

    /// The input of layer `index`: the previous layer's output, or the network input.
    func layerInput(_ index: Int) -> UnsafeMutablePointer<Scalar> {
        index == 0 ? inputBuffer : layerOutputs[index - 1]
    }

    /// The logits of the last forward pass, [rows, outputs].
    var logits: UnsafeMutablePointer<Scalar> { layerOutputs[layerOutputs.count - 1] }

    /// Runs the loaded `rows` input rows through every layer; the logits are then in `logits`.
    func forward(rows: Int) {
        for (index, layer) in config.layers.enumerated() {
            let input = layerInput(index), output = layerOutputs[index]
            let width = layerWidths[index]
            switch layer {
            case .dense:
                let shape = dense[denseOwner[index]]
                let bias = parameterBuffer + shape.biasOffset
                let bStd = Scalar(shape.bStd)
                for row in 0..<rows {
                    let target = output + row * width
                    for column in 0..<width { target[column] = bStd * bias[column] }
                }
                BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: width, k: shape.fanIn,
                          alpha: Scalar(shape.weightScale), a: input, lda: shape.fanIn,
                          b: parameterBuffer + shape.parameterOffset, ldb: width, beta: 1, c: output, ldc: width)
            case .layerNorm(let eps):
                let epsilon = Scalar(eps), count = Scalar(width)
                let inverse = inverseStd[index]
                for row in 0..<rows {
                    let h = input + row * width, y = output + row * width
                    let mean = rowSum(h, width) / count
                    let squares = rowCenteredSquares(h, width, mean)
                    let scale = 1 / (squares / count + epsilon).squareRoot()
                    inverse[row] = scale
                    for column in 0..<width { y[column] = (h[column] - mean) * scale }
                }
            case .relu:
                for element in 0..<(rows * width) { output[element] = Swift.max(input[element], 0) }
            }
        }
    }

    /// Where the parameter gradient goes: nowhere (only the output gradients are wanted), or
    /// `target = alpha * gradient + beta * target` (alpha 1, beta 0 for a gradient; target the parameters,
    /// alpha -eta, beta 1 for an SGD step fused into the backward pass).
    enum ParameterTarget {
        case none
        case accumulate(into: UnsafeMutablePointer<Scalar>, alpha: Scalar, beta: Scalar)
    }

    /// Backpropagates the `rows` gradient rows in `outputGradients.last` ([rows, outputs], d(quantity)/d logits).
    ///
    /// Gradient row r belongs to activation row `r % rowPeriod` (the NTK stacks one block of rows per
    /// output); parameter gradients need rows == rowPeriod. Each dense layer first propagates the gradient
    /// to its input with its current W, then updates the target, so the target may be the parameters.
    func backward(rows: Int, rowPeriod: Int, target: ParameterTarget) {
        precondition(rows <= gradientCapacity && rowPeriod <= activationCapacity)
        for k in stride(from: dense.count - 1, through: 0, by: -1) {
            let shape = dense[k]
            let gradient = outputGradients[k]
            let input = layerInput(shape.layerIndex)
            if k > 0 {
                let below = outputGradients[k - 1]
                BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: shape.fanIn, k: shape.fanOut,
                          alpha: Scalar(shape.weightScale), a: gradient, lda: shape.fanOut,
                          b: parameterBuffer + shape.parameterOffset, ldb: shape.fanOut, beta: 0, c: below, ldc: shape.fanIn)
                for index in stride(from: shape.layerIndex - 1, to: dense[k - 1].layerIndex, by: -1) {
                    backwardPointwise(layer: index, gradient: below, rows: rows, rowPeriod: rowPeriod)
                }
            }
            if case .accumulate(let buffer, let alpha, let beta) = target {
                precondition(rows == rowPeriod, "parameter gradients need one gradient row per point")
                BLAS.gemm(transposeA: true, transposeB: false, m: shape.fanIn, n: shape.fanOut, k: rows,
                          alpha: alpha * Scalar(shape.weightScale), a: input, lda: shape.fanIn, b: gradient, ldb: shape.fanOut,
                          beta: beta, c: buffer + shape.parameterOffset, ldc: shape.fanOut)
                let bias = buffer + shape.biasOffset
                let bScale = alpha * Scalar(shape.bStd)
                for column in 0..<shape.fanOut { bias[column] = beta == 0 ? 0 : beta * bias[column] }
                for row in 0..<rows {
                    let g = gradient + row * shape.fanOut
                    for column in 0..<shape.fanOut { bias[column] += bScale * g[column] }
                }
            }
        }
    }

    /// The backward pass of a LayerNorm or ReLU layer, in place on `gradient` ([rows, width]).
    private func backwardPointwise(layer index: Int, gradient: UnsafeMutablePointer<Scalar>, rows: Int, rowPeriod: Int) {
        let width = layerWidths[index]
        let output = layerOutputs[index]
        switch config.layers[index] {
        case .layerNorm:
            let inverse = inverseStd[index], count = Scalar(width)
            for row in 0..<rows {
                let point = row % rowPeriod
                let y = output + point * width, g = gradient + row * width
                let meanGradient = rowSum(g, width) / count, meanDot = rowDot(g, y, width) / count
                let scale = inverse[point]
                for column in 0..<width { g[column] = scale * (g[column] - meanGradient - y[column] * meanDot) }
            }
        case .relu:
            for row in 0..<rows {
                let y = output + (row % rowPeriod) * width, g = gradient + row * width
                for column in 0..<width { g[column] *= y[column] > 0 ? 1 : 0 }
            }
        case .dense:
            break
        }
    }
}

// MARK: - Row reductions with eight partial sums (vectorizable; a fixed order, so still deterministic)

@inline(__always) func rowSum<Scalar: TensorScalar>(_ x: UnsafeMutablePointer<Scalar>, _ count: Int) -> Scalar {
    var partial = (Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0))
    var index = 0
    while index + 8 <= count {
        partial.0 += x[index]; partial.1 += x[index + 1]; partial.2 += x[index + 2]; partial.3 += x[index + 3]
        partial.4 += x[index + 4]; partial.5 += x[index + 5]; partial.6 += x[index + 6]; partial.7 += x[index + 7]
        index += 8
    }
    var total = ((partial.0 + partial.1) + (partial.2 + partial.3)) + ((partial.4 + partial.5) + (partial.6 + partial.7))
    while index < count { total += x[index]; index += 1 }
    return total
}

@inline(__always) func rowDot<Scalar: TensorScalar>(_ x: UnsafeMutablePointer<Scalar>, _ y: UnsafeMutablePointer<Scalar>,
                                                     _ count: Int) -> Scalar {
    var partial = (Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0))
    var index = 0
    while index + 8 <= count {
        partial.0 += x[index] * y[index]; partial.1 += x[index + 1] * y[index + 1]
        partial.2 += x[index + 2] * y[index + 2]; partial.3 += x[index + 3] * y[index + 3]
        partial.4 += x[index + 4] * y[index + 4]; partial.5 += x[index + 5] * y[index + 5]
        partial.6 += x[index + 6] * y[index + 6]; partial.7 += x[index + 7] * y[index + 7]
        index += 8
    }
    var total = ((partial.0 + partial.1) + (partial.2 + partial.3)) + ((partial.4 + partial.5) + (partial.6 + partial.7))
    while index < count { total += x[index] * y[index]; index += 1 }
    return total
}

@inline(__always) func rowCenteredSquares<Scalar: TensorScalar>(_ x: UnsafeMutablePointer<Scalar>, _ count: Int,
                                                                 _ mean: Scalar) -> Scalar {
    var partial = (Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0), Scalar(0))
    var index = 0
    while index + 8 <= count {
        let c0 = x[index] - mean, c1 = x[index + 1] - mean, c2 = x[index + 2] - mean, c3 = x[index + 3] - mean
        let c4 = x[index + 4] - mean, c5 = x[index + 5] - mean, c6 = x[index + 6] - mean, c7 = x[index + 7] - mean
        partial.0 += c0 * c0; partial.1 += c1 * c1; partial.2 += c2 * c2; partial.3 += c3 * c3
        partial.4 += c4 * c4; partial.5 += c5 * c5; partial.6 += c6 * c6; partial.7 += c7 * c7
        index += 8
    }
    var total = ((partial.0 + partial.1) + (partial.2 + partial.3)) + ((partial.4 + partial.5) + (partial.6 + partial.7))
    while index < count { let centered = x[index] - mean; total += centered * centered; index += 1 }
    return total
}
