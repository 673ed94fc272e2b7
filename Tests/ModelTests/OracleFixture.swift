import Foundation
import Model
import Tensors
import TestSupport

/// /work/shared/oracle/ntk-small.json: a small network's parameters, inputs and what neural-tangents
/// computes for them (see the oracle README).
struct OracleFixture {
    let config: ModelConfig
    let parameters: [Double]
    let gradient: [Double]
    let afterStep: [Double]
    let x: [Double], y: [Double]
    let logits: [Double], logits64: [Double]
    /// ntk[i][j][a][b] flattened.
    let ntk: [Double], ntk64: [Double]
    let loss: Double, loss64: Double
    let points: Int

    enum FixtureError: Error { case missing(String) }

    init() throws {
        let path = sharedFolder() + "/oracle/ntk-small.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FixtureError.missing("\(path): the neural-tangents fixture; set REPRO_SHARED to the folder holding oracle/")
        }
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw FixtureError.missing("root") }
        func flat(_ value: Any?) -> [Double] {
            if let number = value as? NSNumber { return [number.doubleValue] }
            if let list = value as? [Any] { return list.flatMap { flat($0) } }
            return []
        }
        guard let architecture = root["architecture"] as? [[String: Any]] else { throw FixtureError.missing("architecture") }
        var layers: [LayerSpec] = []
        for layer in architecture {
            switch layer["type"] as? String {
            case "Dense":
                layers.append(.dense(width: (layer["out"] as? Int) ?? 0, wStd: (layer["W_std"] as? Double) ?? .nan,
                                     bStd: (layer["b_std"] as? Double) ?? .nan))
            case "LayerNorm": layers.append(.layerNorm(eps: (layer["eps"] as? Double) ?? .nan))
            case "Relu": layers.append(.relu)
            default: throw FixtureError.missing("layer type \(layer)")
            }
        }
        x = flat(root["x"])
        y = flat(root["y"])
        points = (root["x"] as? [Any])?.count ?? 0
        config = ModelConfig(inputDimension: x.count / max(points, 1), layers: layers)
        guard let parameterList = root["parameters"] as? [[String: Any]] else { throw FixtureError.missing("parameters") }
        // Names layerK.W then layerK.b, in layer order: the same order as our flat layout.
        parameters = parameterList.flatMap { flat($0["value"]) }
        gradient = parameterList.flatMap { flat($0["grad"]) }
        afterStep = parameterList.flatMap { flat($0["after_sgd_step"]) }
        logits = flat(root["logits"])
        logits64 = flat(root["logits_f64"])
        ntk = flat(root["ntk"])
        ntk64 = flat(root["ntk_f64"])
        loss = flat(root["loss"]).first ?? .nan
        loss64 = flat(root["loss_f64"]).first ?? .nan
    }

    var outputs: Int { config.outputs }

    /// The fixture's ntk[i][j][a][b] at our [a, b, i, j].
    func ntkValue(_ values: [Double], a: Int, b: Int, i: Int, j: Int) -> Double {
        values[((i * points + j) * outputs + a) * outputs + b]
    }

    func inputs<S: TensorScalar>(_: S.Type) throws -> (x: Tensor<S>, y: Tensor<S>) {
        (try Tensor(shape: [points, config.inputDimension], scalars: x.map { S($0) }),
         try Tensor(shape: [points, outputs], scalars: y.map { S($0) }))
    }
}
