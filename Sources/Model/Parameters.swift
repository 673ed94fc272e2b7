public import Tensors

/// The trainable parameters of a network: every W and b entry (the raw N(0, 1) draws of the NTK
/// parameterization), flat in the order of `ModelConfig.denseLayers`: per dense layer W [fanIn, fanOut]
/// row-major (the layer computes x @ W), then b [fanOut].
public struct Parameters<Scalar: TensorScalar>: Sendable, Equatable, Codable {
    public let config: ModelConfig
    /// `config.parameterCount` scalars.
    public var values: [Scalar]

    /// Philox stream numbers: dense layer k draws W from stream `initStreamBase + 2k`, b from `+ 2k + 1`;
    /// epoch e shuffles with stream `shuffleStreamBase + e`. Independent of thread count and call order.
    public static var initStreamBase: UInt64 { 0x1_0000_0000 }
    public static var shuffleStreamBase: UInt64 { 0x2_0000_0000 }

    /// Initialization from `seed`: every entry N(0, 1) (drawn in Double, rounded to `Scalar`).
    public init(config: ModelConfig, seed: UInt64) throws(ModelError) {
        try config.validate()
        self.config = config
        var values = [Scalar](repeating: 0, count: config.parameterCount)
        let generator = Philox(seed: seed)
        for (k, dense) in config.denseLayers.enumerated() {
            var weights = generator.stream(Self.initStreamBase + 2 * UInt64(k))
            for index in 0..<dense.weightCount { values[dense.parameterOffset + index] = Scalar(weights.nextNormal()) }
            var biases = generator.stream(Self.initStreamBase + 2 * UInt64(k) + 1)
            for index in 0..<dense.fanOut { values[dense.biasOffset + index] = Scalar(biases.nextNormal()) }
        }
        self.values = values
    }

    /// Given values (e.g. read back from a file or a fixture); the count must match the configuration.
    public init(config: ModelConfig, values: [Scalar]) throws(ModelError) {
        try config.validate()
        guard values.count == config.parameterCount else {
            throw .shapeMismatch(what: "parameter vector", expected: [config.parameterCount], got: [values.count])
        }
        self.config = config
        self.values = values
    }

    /// W of dense layer `k` (k-th dense layer, 0-based): [fanIn, fanOut].
    public func weights(ofDense k: Int) -> Tensor<Scalar> {
        let dense = config.denseLayers[k]
        var tensor = Tensor<Scalar>(shape: [dense.fanIn, dense.fanOut])
        tensor.scalars = Array(values[dense.parameterOffset..<dense.biasOffset])
        return tensor
    }

    /// b of dense layer `k`: [fanOut].
    public func bias(ofDense k: Int) -> Tensor<Scalar> {
        let dense = config.denseLayers[k]
        var tensor = Tensor<Scalar>(shape: [dense.fanOut])
        tensor.scalars = Array(values[dense.biasOffset..<(dense.biasOffset + dense.fanOut)])
        return tensor
    }

    /// The same parameters in another precision.
    public func converted<Other: TensorScalar>(to _: Other.Type = Other.self) -> Parameters<Other> {
        Parameters<Other>(unchecked: config, values.map { Other($0) })
    }

    init(unchecked config: ModelConfig, _ values: [Scalar]) {
        self.config = config
        self.values = values
    }
}
