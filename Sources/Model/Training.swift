public import Tensors

/// Settings of one training run (SPEC.md section 2); every default is the paper's.
public struct TrainingConfig: Codable, Hashable, Sendable {
    /// SGD learning rate eta.
    public var learningRate: Double = 1.0
    /// Points per SGD step.
    public var batchSize: Int = 128
    /// Passes over the training set.
    public var epochs: Int = 300
    /// A checkpoint every this many epochs (epoch 0 = initialization); the last epoch always gets one.
    public var checkpointEvery: Int = 4
    /// Epochs whose checkpoint carries the weights.
    public var weightEpochs: [Int] = []
    /// OpenBLAS threads for this run (a process-wide setting: runs executed in parallel each use 1).
    public var blasThreads: Int = 1
    /// When true, an epoch's last batch smaller than `batchSize` is skipped; by default it is a step of its own.
    public var dropLastPartialBatch: Bool = false
    /// The BCE weight of a positive label; nil means c - 1 (SPEC.md).
    public var positiveWeight: Double?

    public init() {}

    /// The epochs that get a checkpoint: 0, every `checkpointEvery`, and the last.
    public var checkpointEpochs: [Int] {
        let every = Swift.max(checkpointEvery, 1)
        var epochs = Array(stride(from: 0, through: self.epochs, by: every))
        if epochs.last != self.epochs { epochs.append(self.epochs) }
        return epochs
    }
}

/// Points and multi-hot labels: x [N, d] and y [N, c] (0 or 1).
public struct Dataset: Sendable {
    public let x: Tensor<Float>
    public let y: Tensor<Float>
    public var count: Int { x.shape[0] }

    public init(x: Tensor<Float>, y: Tensor<Float>) throws(ModelError) {
        guard x.rank == 2, y.rank == 2, x.shape[0] == y.shape[0] else {
            throw .shapeMismatch(what: "dataset labels y (x is \(x.shape))", expected: [x.shape.first ?? 0, y.shape.last ?? 0], got: y.shape)
        }
        self.x = x
        self.y = y
    }

    /// From plain row-major arrays: x holds N * d scalars, y N * c labels (0 or 1).
    public init(points: Int, x: [Float], y: [Float]) throws(ModelError) {
        guard points > 0, x.count % points == 0, y.count % points == 0 else {
            throw .shapeMismatch(what: "dataset of \(points) points (x, y scalar counts)", expected: [points], got: [x.count, y.count])
        }
        do {
            try self.init(x: Tensor(shape: [points, x.count / points], scalars: x),
                          y: Tensor(shape: [points, y.count / points], scalars: y))
        } catch let error as ModelError { throw error } catch {
            throw .shapeMismatch(what: "dataset", expected: [points], got: [x.count, y.count])
        }
    }
}

/// What one run records at one checkpoint (SPEC.md section 3). N_probe probe points, c tasks.
public struct Checkpoint: Sendable {
    public let seed: UInt64
    /// Epochs trained so far (0 = initialization).
    public let epoch: Int
    /// Logits on the probe set, [N_probe, c].
    public let probeLogits: Tensor<Float>
    /// The empirical NTK of the logits on the probe set, [c, c, N_probe, N_probe] (block-major [a, b, i, j]).
    public let ntk: Tensor<Float>
    /// r = w (p - y) on the probe set (the loss gradient per logit, not divided by N), [N_probe, c].
    public let residuals: Tensor<Float>
    /// p - y on the probe set, [N_probe, c].
    public let deviations: Tensor<Float>
    /// Per task: mean weighted BCE over the probe set, the full training set and the test set, [c].
    public let probeLoss: [Double]
    public let trainLoss: [Double]
    public let testLoss: [Double]
    /// Per task: fraction of points with (p > 0.5) == label, [c].
    public let trainAccuracy: [Double]
    public let testAccuracy: [Double]
    /// The parameters, when `epoch` is in `TrainingConfig.weightEpochs`.
    public let weights: Parameters<Float>?
}

/// The training driver: one seed through all epochs.
public enum Training {
    /// Trains `model` from `seed` on `train` and calls `checkpoint` at every checkpoint epoch, in order.
    ///
    /// The seed fixes the initialization and the shuffling (Philox streams, see `Parameters`), so a run's
    /// result depends on nothing else. BLAS threads are set to `training.blasThreads` at the start (a
    /// process-wide OpenBLAS setting); to run seeds in parallel, run each on its own thread with
    /// `blasThreads` = 1 (OpenBLAS then computes in the calling thread, and gemm results do not depend on
    /// the thread count anyway). Errors from `checkpoint` propagate; a NaN or Inf stops the run with
    /// `ModelError.nonFinite(seed:epoch:quantity:)`. Returns the final parameters.
    public static func run(model: ModelConfig, training: TrainingConfig, seed: UInt64, train: Dataset, test: Dataset,
                           probe: Dataset, checkpoint: (Checkpoint) throws -> Void) throws -> Parameters<Float> {
        try model.validate()
        for (name, set) in [("train", train), ("test", test), ("probe", probe)] {
            guard set.x.shape[1] == model.inputDimension, set.y.shape[1] == model.outputs, set.count > 0 else {
                throw ModelError.shapeMismatch(what: "\(name) set x / y", expected: [set.count, model.inputDimension, model.outputs],
                                               got: [set.count, set.x.shape[1], set.y.shape[1]])
            }
        }
        guard training.batchSize > 0, training.epochs >= 0, training.learningRate.isFinite else {
            throw ModelError.invalidConfig("training: batchSize \(training.batchSize), epochs \(training.epochs), learningRate \(training.learningRate)")
        }
        BLAS.setThreads(training.blasThreads)
        let loss = training.positiveWeight.map(WeightedBCE.init(positiveWeight:)) ?? WeightedBCE(tasks: model.outputs)
        let network = Network<Float>(try Parameters<Float>(config: model, seed: seed))
        let generator = Philox(seed: seed)
        let checkpoints = Set(training.checkpointEpochs)
        let points = train.count, c = model.outputs
        let batch = Swift.min(training.batchSize, points)
        network.reserveActivations(Swift.max(batch, 512))
        network.reserveGradients(Swift.max(batch, 512))
        var labels = [Float](repeating: 0, count: batch * c)

        if checkpoints.contains(0) {
            try checkpoint(record(network, seed: seed, epoch: 0, training: training, loss: loss, train: train, test: test, probe: probe))
        }
        guard training.epochs > 0 else { return network.parameters }
        try train.x.scalars.withUnsafeBufferPointer { xs in
            try train.y.scalars.withUnsafeBufferPointer { ys in
                let x = xs.baseAddress!, y = ys.baseAddress!
                for epoch in 1...training.epochs {
                    var stream = generator.stream(Parameters<Float>.shuffleStreamBase + UInt64(epoch))
                    let order = stream.permutation(points)
                    var start = 0
                    while start < points {
                        let rows = Swift.min(batch, points - start)
                        if rows < batch && training.dropLastPartialBatch { break }
                        let indices = order[start..<(start + rows)]
                        network.loadInput(x, rows: indices)
                        for (row, source) in indices.enumerated() {
                            for task in 0..<c { labels[row * c + task] = y[source * c + task] }
                        }
                        network.forward(rows: rows)
                        let finite = network.storeLossGradient(labels: labels, rows: rows, loss: loss, scale: 1 / Float(rows))
                        guard finite else {
                            throw ModelError.nonFinite(seed: seed, epoch: epoch, quantity: "training logits (batch at \(start))")
                        }
                        network.backward(rows: rows, rowPeriod: rows, target: .accumulate(
                            into: network.parameterBuffer, alpha: -Float(training.learningRate), beta: 1))
                        start += rows
                    }
                    if checkpoints.contains(epoch) {
                        try checkpoint(record(network, seed: seed, epoch: epoch, training: training, loss: loss,
                                              train: train, test: test, probe: probe))
                    }
                }
            }
        }
        return network.parameters
    }

    /// Measures everything a checkpoint holds; throws `nonFinite` naming the first bad quantity.
    static func record(_ network: Network<Float>, seed: UInt64, epoch: Int, training: TrainingConfig, loss: WeightedBCE,
                       train: Dataset, test: Dataset, probe: Dataset) throws -> Checkpoint {
        func finite(_ values: [Float], _ quantity: String) throws {
            var sum: Float = 0
            for value in values { sum += value * 0 }
            guard sum.isFinite else { throw ModelError.nonFinite(seed: seed, epoch: epoch, quantity: quantity) }
        }
        let ntk = try network.empiricalNTK(probe.x)
        try finite(ntk.scalars, "probe NTK")
        let logits = try network.logits(probe.x)
        try finite(logits.scalars, "probe logits")
        var residuals = logits.scalars, deviations = logits.scalars
        for index in logits.scalars.indices {
            let label = probe.y.scalars[index]
            deviations[index] = Float.sigmoid(logits.scalars[index]) - label
            residuals[index] = loss.weight(label: label) * deviations[index]
        }
        let probeEvaluation = try network.evaluate(x: probe.x, y: probe.y, loss: loss)
        let trainEvaluation = try network.evaluate(x: train.x, y: train.y, loss: loss)
        let testEvaluation = try network.evaluate(x: test.x, y: test.y, loss: loss)
        for (name, evaluation) in [("probe loss", probeEvaluation), ("train loss", trainEvaluation), ("test loss", testEvaluation)] {
            guard evaluation.lossSums.allSatisfy(\.isFinite) else {
                throw ModelError.nonFinite(seed: seed, epoch: epoch, quantity: name)
            }
        }
        return Checkpoint(
            seed: seed, epoch: epoch, probeLogits: logits, ntk: ntk,
            residuals: try Network<Float>.tensor(logits.shape, residuals),
            deviations: try Network<Float>.tensor(logits.shape, deviations),
            probeLoss: probeEvaluation.meanLoss, trainLoss: trainEvaluation.meanLoss, testLoss: testEvaluation.meanLoss,
            trainAccuracy: trainEvaluation.accuracy, testAccuracy: testEvaluation.accuracy,
            weights: training.weightEpochs.contains(epoch) ? network.parameters : nil)
    }
}
