/// One layer of the network, as configuration (neural-tangents `stax` semantics).
public enum LayerSpec: Codable, Hashable, Sendable {
    /// Dense in NTK parameterization: z = (wStd / sqrt(fanIn)) x @ W + bStd b, W and b drawn N(0, 1).
    case dense(width: Int, wStd: Double, bStd: Double)
    /// Parameter-free LayerNorm over the feature axis: (h - mean) / sqrt(biased var + eps).
    case layerNorm(eps: Double)
    /// max(h, 0).
    case relu
}

/// A network: the input dimension and the layer list. The first and the last layer are dense; the
/// last dense layer's width is the number of outputs (tasks), its outputs the logits.
public struct ModelConfig: Codable, Hashable, Sendable {
    /// Features per input point (d).
    public var inputDimension: Int
    public var layers: [LayerSpec]

    public init(inputDimension: Int, layers: [LayerSpec]) {
        self.inputDimension = inputDimension
        self.layers = layers
    }

    /// neural-tangents `stax.LayerNorm`'s default epsilon.
    public static let layerNormEpsilon = 1e-12

    /// The paper's network (Appendix C, SPEC.md section 2): Dense(width, 1.0, 0.05) -> LayerNorm -> ReLU,
    /// then `hiddenBlocks` x [Dense(width, 0.6, 0.05) -> LayerNorm -> ReLU], then Dense(outputs, 0.6, 0.05).
    public static func paper(inputDimension: Int = 10, outputs: Int = 4, width: Int = 256,
                             hiddenBlocks: Int = 3) -> ModelConfig {
        var layers: [LayerSpec] = [.dense(width: width, wStd: 1.0, bStd: 0.05), .layerNorm(eps: layerNormEpsilon), .relu]
        for _ in 0..<hiddenBlocks {
            layers += [.dense(width: width, wStd: 0.6, bStd: 0.05), .layerNorm(eps: layerNormEpsilon), .relu]
        }
        layers.append(.dense(width: outputs, wStd: 0.6, bStd: 0.05))
        return ModelConfig(inputDimension: inputDimension, layers: layers)
    }

    /// The number of logits (the last dense layer's width).
    public var outputs: Int {
        if case .dense(let width, _, _)? = layers.last { return width }
        return 0
    }

    /// The dense layers in order: their position in `layers`, fan-in, fan-out, W_std and b_std.
    public var denseLayers: [DenseShape] {
        var result: [DenseShape] = []
        var width = inputDimension
        var offset = 0
        for (index, layer) in layers.enumerated() {
            if case .dense(let out, let wStd, let bStd) = layer {
                result.append(DenseShape(layerIndex: index, fanIn: width, fanOut: out, wStd: wStd, bStd: bStd,
                                         parameterOffset: offset))
                offset += width * out + out
                width = out
            }
        }
        return result
    }

    /// The total number of trainable scalars (all W and b entries).
    public var parameterCount: Int { denseLayers.reduce(0) { $0 + $1.fanIn * $1.fanOut + $1.fanOut } }

    /// Checks that the configuration describes a network this module can run.
    public func validate() throws(ModelError) {
        guard inputDimension > 0 else { throw .invalidConfig("inputDimension must be > 0, got \(inputDimension)") }
        guard case .dense? = layers.first, case .dense? = layers.last else {
            throw .invalidConfig("the first and the last layer must be dense, got \(layers)")
        }
        for (index, layer) in layers.enumerated() {
            switch layer {
            case .dense(let width, let wStd, let bStd):
                guard width > 0, wStd.isFinite, bStd.isFinite else {
                    throw .invalidConfig("layer \(index): dense(width: \(width), wStd: \(wStd), bStd: \(bStd)) is invalid")
                }
            case .layerNorm(let eps):
                guard eps >= 0, eps.isFinite else { throw .invalidConfig("layer \(index): layerNorm eps \(eps) is invalid") }
            case .relu: break
            }
        }
    }
}

/// The shape of one dense layer and where its parameters sit in the flat parameter vector:
/// W [fanIn, fanOut] row-major at `parameterOffset`, then b [fanOut].
public struct DenseShape: Hashable, Sendable {
    /// Position in `ModelConfig.layers`.
    public let layerIndex: Int
    public let fanIn: Int
    public let fanOut: Int
    public let wStd: Double
    public let bStd: Double
    public let parameterOffset: Int

    /// The multiplier of x @ W: wStd / sqrt(fanIn).
    public var weightScale: Double { wStd / Double(fanIn).squareRoot() }
    public var weightCount: Int { fanIn * fanOut }
    public var biasOffset: Int { parameterOffset + weightCount }
}

/// Errors of the model layer.
public enum ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The configuration cannot be run.
    case invalidConfig(String)
    /// An array handed in has the wrong shape.
    case shapeMismatch(what: String, expected: [Int], got: [Int])
    /// A NaN or Inf appeared during a run.
    case nonFinite(seed: UInt64, epoch: Int, quantity: String)

    public var description: String {
        switch self {
        case .invalidConfig(let message): "invalid model configuration: \(message)"
        case .shapeMismatch(let what, let expected, let got): "\(what): expected shape \(expected), got \(got)"
        case .nonFinite(let seed, let epoch, let quantity): "seed \(seed), epoch \(epoch): \(quantity) is NaN or Inf"
        }
    }
}
