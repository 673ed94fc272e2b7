internal import Foundation
public import Pipeline
internal import HDF5Store
internal import Model
internal import ReproSupport
internal import Tensors

/// `train` (SPEC 2 and 3): one seed of the paper's MLP trained on the synthetic data, streaming each
/// checkpoint to HDF5 as it is made (NTK [epoch, a, b, i, j] float32 chunked per checkpoint, logits,
/// residuals, deviations, losses, accuracies) and the weights at the listed epochs. Peak memory is one
/// checkpoint. Output: `outputs/train/seed-S.h5` (docs/outputs.md). Use `foreach` over `seed`.
public struct TrainStage: StageKind {
    public init() {}
    public let name = "train"
    public let version = 2

    /// Checked when pipeline.json is loaded: the layer list and the training settings.
    public func validate(_ params: StageParameters) throws {
        _ = try configuration(params, inputDimension: 1)
    }

    public var parameters: [ParameterSpec] {
        let training = TrainingConfig()
        return [
            ParameterSpec("seed", .int, doc: "fixes the initialization and the shuffling"),
            ParameterSpec("layers", .json, default: ParameterJSON.defaultValue(ModelConfig.paper().layers),
                          doc: "the layer list (dense width/wStd/bStd, layerNorm eps, relu); the last dense width is the number of tasks"),
            ParameterSpec("learning_rate", .double, default: .double(training.learningRate), doc: "SGD eta"),
            ParameterSpec("batch_size", .int, default: .int(Int64(training.batchSize)), doc: "points per SGD step"),
            ParameterSpec("epochs", .int, default: .int(Int64(training.epochs)), doc: "passes over the training set"),
            ParameterSpec("ntk_every", .int, default: .int(Int64(training.checkpointEvery)),
                          doc: "a checkpoint (NTK, logits, losses) every this many epochs; epoch 0 = initialization"),
            ParameterSpec("weight_epochs", .ints, default: [0, 52, 300], doc: "epochs whose weights are stored (checkpoint epochs; those past `epochs` are ignored)"),
            ParameterSpec("positive_weight", .double, default: 0,
                          doc: "BCE weight of a positive label; 0 means c - 1 (SPEC 2)"),
            ParameterSpec("blas_threads", .int, default: 1,
                          doc: "OpenBLAS threads of this run (1: seeds run in parallel as separate stages)"),
        ]
    }

    public func outputs(stage: String, params: StageParameters) -> [String] {
        // Parameters are validated before outputs are asked for; the stage name is a fallback only.
        let seed = params.values["seed"]?.intValue.map(String.init) ?? stage
        return ["outputs/train/seed-\(seed).h5"]
    }

    func configuration(_ params: StageParameters, inputDimension: Int) throws -> (ModelConfig, TrainingConfig, UInt64) {
        let seed = try params.int("seed")
        guard seed >= 0 else { throw StageError.badParameter(stage: params.stage, parameter: "seed", reason: "must be >= 0") }
        let model = ModelConfig(inputDimension: inputDimension,
                                layers: try ParameterJSON.decode([LayerSpec].self, params, key: "layers"))
        var training = TrainingConfig()
        training.learningRate = try params.double("learning_rate")
        training.batchSize = try params.int("batch_size")
        training.epochs = try params.int("epochs")
        training.checkpointEvery = try params.int("ntk_every")
        training.weightEpochs = try params.ints("weight_epochs")
        training.blasThreads = max(1, try params.int("blas_threads"))
        let positive = try params.double("positive_weight")
        training.positiveWeight = positive > 0 ? positive : nil
        let stage = params.stage
        guard training.checkpointEvery > 0 else { throw StageError.badParameter(stage: stage, parameter: "ntk_every", reason: "must be > 0") }
        guard training.epochs > 0 else { throw StageError.badParameter(stage: stage, parameter: "epochs", reason: "\(training.epochs) must be > 0") }
        guard training.batchSize > 0 else { throw StageError.badParameter(stage: stage, parameter: "batch_size", reason: "must be > 0") }
        guard training.learningRate.isFinite, training.learningRate > 0 else {
            throw StageError.badParameter(stage: stage, parameter: "learning_rate", reason: "\(training.learningRate) must be > 0")
        }
        let checkpoints = Set(training.checkpointEpochs)
        // Epochs past the end of a shortened run are ignored, so `--set train.epochs=8` needs no other change.
        if let missing = training.weightEpochs.first(where: { $0 <= training.epochs && !checkpoints.contains($0) }) {
            throw StageError.badParameter(stage: stage, parameter: "weight_epochs",
                                          reason: "epoch \(missing) is not a checkpoint (0, every ntk_every = \(training.checkpointEvery) epochs, and the last)")
        }
        do { try model.validate() } catch {
            throw StageError.badParameter(stage: stage, parameter: "layers", reason: "\(error)")
        }
        return (model, training, UInt64(seed))
    }

    public func run(_ context: StageContext) throws {
        let data = try StoredSyntheticData(path: try context.singleInput("synthetic"), stage: context.stage)
        let (model, training, seed) = try configuration(context.params, inputDimension: data.train.x.shape[1])
        let c = model.outputs
        let n = data.probe.x.shape[0]
        guard data.train.y.shape[1] == c else {
            throw StageError.badParameter(stage: context.stage, parameter: "layers",
                                          reason: "the last dense layer has \(c) outputs but the data has \(data.train.y.shape[1]) tasks")
        }
        let file = try HDF5Writer(path: context.outputPath)
        try file.setAttribute("title", .string("One training run of the paper's MLP (SPEC 2, 3), seed \(seed)"))
        try file.setAttribute("seed", .int(Int64(seed)))
        try file.setJSON("model", try ParameterJSON.value(model))
        try file.setJSON("training", try ParameterJSON.value(training))
        try file.addTaskCoordinates(c)
        let epochs = try file.createAppendableCoordinate("epoch", elementType: Int32.self, units: "1", longName: "epoch",
                                                         description: "epochs trained at the checkpoint (0 = initialization)")
        let ntk = try file.createAppendable(name: "ntk", elementType: Float.self, slabShape: [c, c, n, n],
                                            dims: ["epoch", "task_a", "task_b", "probe_i", "probe_j"],
                                            metadata: .init(longName: "empirical NTK of the logits", units: "1",
                                                            description: "K[a, b][i, j] = grad_theta z_a(x_i) . grad_theta z_b(x_j) on the probe set"))
        func pointTask(_ name: String, _ long: String, _ text: String) throws -> HDF5AppendableDataset<Float> {
            try file.createAppendable(name: name, elementType: Float.self, slabShape: [n, c],
                                      dims: ["epoch", "probe_point", "task"],
                                      metadata: .init(longName: long, units: "1", description: text), compression: 4)
        }
        let logits = try pointTask("logits", "logits z", "network outputs on the probe set")
        let residuals = try pointTask("residuals", "residuals r", "r = w (p - y), the loss gradient per logit (w = c - 1 for a positive label, 1 otherwise)")
        let deviations = try pointTask("deviations", "deviations p - y", "sigmoid(z) - y on the probe set")
        func perTask(_ name: String, _ long: String, _ text: String) throws -> HDF5AppendableDataset<Double> {
            try file.createAppendable(name: name, elementType: Double.self, slabShape: [c], dims: ["epoch", "task"],
                                      metadata: .init(longName: long, units: "1", description: text))
        }
        let probeLoss = try perTask("probe_loss", "probe loss", "per-task class-weighted BCE, mean over the probe set")
        let trainLoss = try perTask("train_loss", "training loss", "per-task class-weighted BCE, mean over the training set")
        let trainAccuracy = try perTask("train_accuracy", "training accuracy", "fraction of training points with (p > 0.5) == y")
        let testAccuracy = try perTask("test_accuracy", "test accuracy", "fraction of test points with (p > 0.5) == y")

        let progress = context.progress(total: training.epochs + 1, unit: "epochs")
        var lastEpoch = 0
        _ = try Training.run(model: model, training: training, seed: seed,
                             train: try Dataset(x: data.train.x, y: data.train.y),
                             test: try Dataset(x: data.test.x, y: data.test.y),
                             probe: try Dataset(x: data.probe.x, y: data.probe.y)) { checkpoint in
            try context.checkCancellation()
            try epochs.append([Int32(checkpoint.epoch)])
            try ntk.append(checkpoint.ntk)
            try logits.append(checkpoint.probeLogits)
            try residuals.append(checkpoint.residuals)
            try deviations.append(checkpoint.deviations)
            try probeLoss.append(checkpoint.probeLoss)
            try trainLoss.append(checkpoint.trainLoss)
            try trainAccuracy.append(checkpoint.trainAccuracy)
            try testAccuracy.append(checkpoint.testAccuracy)
            if let weights = checkpoint.weights {
                for layer in 0..<model.denseLayers.count {
                    let group = "weights/epoch_\(checkpoint.epoch)"
                    try file.write(weights.weights(ofDense: layer), name: "\(group)/layer_\(layer)_W",
                                   dims: ["fan_in_\(layer)", "fan_out_\(layer)"],
                                   metadata: .init(longName: "W of dense layer \(layer)", units: "1",
                                                   description: "raw N(0,1)-scale weights; the layer computes (W_std / sqrt(fan_in)) x @ W + b_std b"))
                    try file.write(weights.bias(ofDense: layer), name: "\(group)/layer_\(layer)_b",
                                   dims: ["fan_out_\(layer)"],
                                   metadata: .init(longName: "b of dense layer \(layer)", units: "1", description: "raw N(0,1)-scale bias"))
                }
            }
            progress.advance(by: checkpoint.epoch - lastEpoch + (checkpoint.epoch == 0 ? 1 : 0))
            lastEpoch = checkpoint.epoch
        }
        progress.finish(message: "trained \(training.epochs) epochs")
        try file.close()
    }
}
