internal import Foundation
internal import Synchronization
internal import HDF5Store
internal import Model
internal import Pipeline
internal import ReproSupport
internal import Science
internal import Tensors

/// The training runs an analysis stage reads: every `train` output plus the probe labels, streamed one
/// checkpoint (of every run) at a time so memory stays bounded by one checkpoint per run.
struct TrainingRuns {
    let stage: String
    let paths: [String]
    let readers: [HDF5Reader]
    /// The seed of each run (the `run` coordinate).
    let seeds: [Int32]
    /// The checkpoint epochs, identical in every run.
    let epochs: [Int]
    let tasks: Int
    let points: Int
    /// Probe labels [N, c] (0 or 1).
    let labels: PointTaskMatrix
    /// The BCE weight of a positive label used in training (nil: c - 1) and eta.
    let positiveWeight: Double?
    let learningRate: Double

    init(trainPaths: [String], syntheticPath: String, stage: String) throws {
        guard !trainPaths.isEmpty else { throw StageError.missingInput(stage: stage, expected: "the train runs", got: []) }
        self.stage = stage
        paths = trainPaths
        readers = try trainPaths.map { try HDF5Reader(path: $0) }
        var seeds: [Int32] = []
        var epochs: [Int]? = nil
        var shape: [Int]? = nil
        var training: TrainingConfig? = nil
        for (path, reader) in zip(trainPaths, readers) {
            guard case .int(let seed)? = try reader.attribute("seed") else {
                throw StageError.badInput(stage: stage, file: path, reason: "no integer attribute 'seed'")
            }
            seeds.append(Int32(seed))
            let runEpochs = try reader.read("epoch", as: Int32.self).values.map(Int.init)
            if let epochs, epochs != runEpochs {
                throw StageError.badInput(stage: stage, file: path,
                                          reason: "checkpoint epochs differ from \(trainPaths[0]): \(runEpochs) vs \(epochs)")
            }
            epochs = runEpochs
            let ntkShape = try reader.shape(of: "ntk")
            guard ntkShape.count == 5, ntkShape[1] == ntkShape[2], ntkShape[3] == ntkShape[4],
                  ntkShape[0] == runEpochs.count else {
                throw StageError.badInput(stage: stage, file: path, reason: "ntk has shape \(ntkShape), expected [epoch, c, c, N, N]")
            }
            if let shape, shape != ntkShape {
                throw StageError.badInput(stage: stage, file: path, reason: "ntk shape \(ntkShape) differs from \(shape) in \(trainPaths[0])")
            }
            shape = ntkShape
            if training == nil, let json = try reader.json("training") {
                do {
                    training = try JSONDecoder().decode(TrainingConfig.self, from: json.canonicalData())
                } catch {
                    throw StageError.badAttribute(stage: stage, file: path, attribute: "training", reason: "\(error)")
                }
            }
        }
        self.seeds = seeds
        self.epochs = epochs ?? []
        tasks = shape?[1] ?? 0
        points = shape?[3] ?? 0
        positiveWeight = training?.positiveWeight
        learningRate = training?.learningRate ?? 1.0
        let probe = try StoredSyntheticData(path: syntheticPath, stage: stage).probe
        guard probe.y.shape == [points, tasks] else {
            throw StageError.badInput(stage: stage, file: syntheticPath,
                                      reason: "probe labels have shape \(probe.y.shape), the runs' NTK needs [\(points), \(tasks)]")
        }
        labels = try PointTaskMatrix(points: points, tasks: tasks, values: probe.y.scalars)
    }

    /// The per-task probe loss of every run at every checkpoint: [run][checkpoint * c + task].
    func probeLosses() throws -> [[Double]] {
        try readers.map { try $0.read("probe_loss", as: Double.self).values }
    }

    /// One checkpoint of every run: NTK blocks, probe logits and per-task probe losses.
    func checkpoint(_ index: Int) throws -> (ntk: [NTKBlocks], logits: [PointTaskMatrix], losses: [[Double]]) {
        let (c, n) = (tasks, points)
        var ntk: [NTKBlocks] = [], logits: [PointTaskMatrix] = [], losses: [[Double]] = []
        for reader in readers {
            ntk.append(try NTKBlocks(tasks: c, points: n,
                                     values: try reader.readSlab("ntk", start: [index, 0, 0, 0, 0], count: [1, c, c, n, n], as: Float.self)))
            logits.append(try PointTaskMatrix(points: n, tasks: c,
                                              values: try reader.readSlab("logits", start: [index, 0, 0], count: [1, n, c], as: Float.self)))
            losses.append(try reader.readSlab("probe_loss", start: [index, 0], count: [1, c], as: Double.self))
        }
        return (ntk, logits, losses)
    }

    /// The analysis of every checkpoint under each reading of `readings`, checkpoint by checkpoint.
    ///
    /// Readings that differ only in the target share everything but the target alignment, so the
    /// full analysis runs once per (residual, alignment) pair, in parallel (the result does not depend
    /// on the schedule), and the other targets only recompute A(K_aa, t t^T).
    func analyse(_ readings: [Reading], parts: CheckpointAnalysis.Parts, progress: ProgressDisplay,
                 checkCancellation: () throws -> Void = {}) throws -> [[CheckpointAnalysis]] {
        // Each reading's full computation: the first reading with its residual and alignment.
        let primary = readings.indices.map { r in
            readings.firstIndex { $0.residual == readings[r].residual && $0.alignment == readings[r].alignment } ?? r
        }
        let computed = Array(Set(primary)).sorted()
        var results = [[CheckpointAnalysis]](repeating: [], count: readings.count)
        for index in epochs.indices {
            try checkCancellation()
            let (ntk, logits, losses) = try checkpoint(index)
            let outcomes = ResultSlots<CheckpointAnalysis>(count: readings.count)
            let (labels, positiveWeight, learningRate) = (self.labels, self.positiveWeight, self.learningRate)
            DispatchQueue.concurrentPerform(iterations: computed.count) { k in
                let r = computed[k]
                outcomes.set(r, Result { () throws(AnalysisError) in
                    try CheckpointAnalysis(ntk: ntk, logits: logits, labels: labels, losses: losses, reading: readings[r],
                                           positiveWeight: positiveWeight, learningRate: learningRate, parts: parts)
                })
            }
            for r in readings.indices {
                var analysis = try outcomes.get(primary[r])
                if primary[r] != r, parts.contains(.alignments) {
                    analysis.targetAlignment = try ntk.map { kernel in
                        try Alignment.targetAlignments(ntk: kernel, labels: labels, target: readings[r].target,
                                                       centered: readings[r].alignment.isCentered)
                    }
                }
                results[r].append(analysis)
            }
            progress.advance()
        }
        return results
    }

    func close() throws { for reader in readers { try reader.close() } }
}

extension StageContext {
    /// Opens the `train` runs and the `synthetic` probe labels bound to this stage and analyses every
    /// checkpoint under every reading of SPEC 8 (default first), with a progress display.
    /// The runs are returned still open, for stages that read more from them.
    func analyseTrainingRuns(_ parts: CheckpointAnalysis.Parts) throws
        -> (runs: TrainingRuns, readings: [Reading], analysed: [[CheckpointAnalysis]]) {
        let runs = try TrainingRuns(trainPaths: try inputPaths("train"), syntheticPath: try singleInput("synthetic"),
                                    stage: stage)
        let readings = Reading.all
        let analysed = try runs.analyse(readings, parts: parts,
                                        progress: progress(total: runs.epochs.count, unit: "checkpoints"),
                                        checkCancellation: { try self.checkCancellation() })
        return (runs, readings, analysed)
    }
}

/// Slots that concurrent workers fill, one each.
final class ResultSlots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Result<Value, AnalysisError>?]>
    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }
    func set(_ index: Int, _ value: Result<Value, AnalysisError>) { slots.withLock { $0[index] = value } }
    func get(_ index: Int) throws -> Value {
        guard let slot = slots.withLock({ $0[index] }) else { throw AnalysisError.inconsistent("slot \(index) was not computed") }
        return try slot.get()
    }
}

extension HDF5Writer {
    /// The coordinates every analysis file shares: reading, run, epoch and the task axes, plus the
    /// root JSON `readings` that names each reading index.
    func addAnalysisCoordinates(readings: [Reading], runs: TrainingRuns) throws {
        try setJSON("readings", .array(readings.map { reading in
            ["residual": .string(reading.residual.rawValue), "alignment": .string(reading.alignment.rawValue),
             "target": .string(reading.target.rawValue),
             "name": .string("\(reading.residual.rawValue)/\(reading.alignment.rawValue)/\(reading.target.rawValue)")]
        }))
        try addCoordinate("reading", values: readings.indices.map { Int32($0) }, units: "1", longName: "reading",
                          description: "index into the root attribute 'readings' (SPEC 8); 0 is the default reading")
        try addCoordinate("run", values: runs.seeds, units: "1", longName: "seed", description: "the seed of each training run")
        try addCoordinate("epoch", values: runs.epochs.map { Int32($0) }, units: "1", longName: "epoch",
                          description: "epochs trained at the checkpoint (0 = initialization)")
        try addTaskCoordinates(runs.tasks)
    }
}

/// Flattens nested arrays in row-major order.
func flatten(_ values: [[Double]]) -> [Double] { values.flatMap { $0 } }
func flatten(_ values: [[[Double]]]) -> [Double] { values.flatMap { $0.flatMap { $0 } } }
