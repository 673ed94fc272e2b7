internal import Foundation
public import Pipeline
internal import HDF5Store
internal import ReproSupport
internal import Science
internal import Tensors

/// `synthetic-data` (SPEC 1): the train, test and probe sets of the four-region task, with the region
/// definitions and the overlap matrix as metadata. Output: `outputs/<stage>.h5` (docs/outputs.md).
public struct SyntheticDataStage: StageKind {
    public init() {}
    public let name = "synthetic-data"
    public let version = 2

    /// Checked when pipeline.json is loaded: the probe reading, counts, range and regions.
    public func validate(_ params: StageParameters) throws {
        let config = try config(params)
        guard config.probePerClass > 0 else {
            throw StageError.badParameter(stage: params.stage, parameter: "probe_per_class", reason: "must be > 0")
        }
    }

    public var parameters: [ParameterSpec] {
        let defaults = SyntheticConfig()
        return [
            ParameterSpec("seed", .int, default: 0, doc: "seed of the data RNG"),
            ParameterSpec("dimension", .int, default: .int(Int64(defaults.dimension)), doc: "input features d"),
            ParameterSpec("low", .double, default: .double(defaults.low), doc: "x drawn uniformly from [low, high]^d"),
            ParameterSpec("high", .double, default: .double(defaults.high), doc: "x drawn uniformly from [low, high]^d"),
            ParameterSpec("train_per_class", .int, default: .int(Int64(defaults.trainPerClass)), doc: "training points per class"),
            ParameterSpec("test_per_class", .int, default: .int(Int64(defaults.testPerClass)), doc: "test points per class"),
            ParameterSpec("probe_per_class", .int, default: .int(Int64(defaults.probePerClass)), doc: "probe points per class"),
            ParameterSpec("probe", .string, default: "train", doc: "probe reading: train (subsample) or held-out"),
            ParameterSpec("regions", .json, default: ParameterJSON.defaultValue(Region.paper), doc: "the task regions R1..R4"),
        ]
    }

    func config(_ params: StageParameters) throws -> SyntheticConfig {
        let probeName = try params.string("probe")
        guard let probe = ProbeReading(rawValue: probeName) else {
            throw StageError.badParameter(stage: params.stage, parameter: "probe",
                                          reason: "'\(probeName)' is not one of \(ProbeReading.allCases.map(\.rawValue))")
        }
        let seed = try params.int("seed")
        guard seed >= 0 else { throw StageError.badParameter(stage: params.stage, parameter: "seed", reason: "must be >= 0") }
        var config = SyntheticConfig(dimension: try params.int("dimension"),
                                     regions: try ParameterJSON.decode([Region].self, params, key: "regions"),
                                     trainPerClass: try params.int("train_per_class"),
                                     testPerClass: try params.int("test_per_class"),
                                     probePerClass: try params.int("probe_per_class"), probe: probe, seed: UInt64(seed))
        config.low = try params.double("low")
        config.high = try params.double("high")
        do { try config.validate() } catch {
            throw StageError.badParameter(stage: params.stage, parameter: "regions, counts or range", reason: "\(error)")
        }
        return config
    }

    public func run(_ context: StageContext) throws {
        let config = try config(context.params)
        let data = try SyntheticData(config: config)
        let c = config.regions.count
        let file = try HDF5Writer(path: context.outputPath)
        try file.setAttribute("title", .string("Synthetic multi-task data (paper Appendix C, SPEC 1)"))
        try file.setAttribute("probe_reading", .string(config.probe.rawValue))
        try file.setAttribute("seed", .int(Int64(config.seed)))
        try file.setJSON("regions", try ParameterJSON.value(config.regions))
        try file.addTaskCoordinates(c)
        try file.addCoordinate("feature", values: (1...config.dimension).map { Int32($0) }, units: "1", longName: "input feature",
                               description: "feature index, 1-based as in the paper")
        try file.addCoordinate("class", values: taskNumbers(c), units: "1", longName: "class of origin",
                               description: "the task whose region the points were drawn from")
        try file.addCoordinate("region", values: taskNumbers(c), units: "1", longName: "region", description: "region R_j")
        for (prefix, set, pointDim) in [("train", data.train, "train_point"), ("test", data.test, "test_point"),
                                        ("probe", data.probe, "probe_point")] {
            try write(set, prefix: prefix, pointDim: pointDim, to: file)
        }
        let probeIndex = data.probeIndicesInTrain.map { $0.map { Int32($0) } }
            ?? [Int32](repeating: -1, count: data.probe.count)
        try file.write(probeIndex, shape: [data.probe.count], name: "probe_train_index", dims: ["probe_point"],
                       metadata: .init(longName: "row of train_x", units: "1",
                                       description: "index into the training set of each probe point; -1 for the held-out reading"))
        try file.write(data.overlap.flatMap { $0 }, shape: [c, c], name: "overlap", dims: ["class", "region"],
                       metadata: .init(longName: "overlap", units: "1",
                                       description: "fraction of the training points drawn for class k that lie inside region R_j"))
        try file.close()
    }

    private func write(_ set: LabelledSet, prefix: String, pointDim: String, to file: HDF5Writer) throws {
        try file.write(set.x, name: "\(prefix)_x", dims: [pointDim, "feature"],
                       metadata: .init(longName: "\(prefix) inputs x", units: "1", description: "points of the \(prefix) set"))
        try file.write(set.y.scalars.map { $0 > 0.5 }, shape: set.y.shape, name: "\(prefix)_y", dims: [pointDim, "task"],
                       metadata: .init(longName: "\(prefix) labels y", units: "1",
                                       description: "multi-hot labels: y[i, j] is true iff point i lies in region R_j"))
        try file.write(set.classOfOrigin.map { Int32($0 + 1) }, shape: [set.count], name: "\(prefix)_class", dims: [pointDim],
                       metadata: .init(longName: "class of origin", units: "1",
                                       description: "the task (1-based) the point was drawn for"))
    }
}

/// The train, test and probe sets read back from a `synthetic-data` output.
struct StoredSyntheticData {
    var train: (x: Tensor<Float>, y: Tensor<Float>)
    var test: (x: Tensor<Float>, y: Tensor<Float>)
    var probe: (x: Tensor<Float>, y: Tensor<Float>)

    init(path: String, stage: String) throws {
        let file = try HDF5Reader(path: path)
        func set(_ prefix: String) throws -> (x: Tensor<Float>, y: Tensor<Float>) {
            do {
                let x = try file.readTensor("\(prefix)_x", as: Float.self)
                let y = try file.read("\(prefix)_y", as: Bool.self)
                return (x, try Tensor(shape: y.shape, scalars: y.values.map { $0 ? 1 : 0 }))
            } catch {
                throw StageError.badInput(stage: stage, file: path, reason: "the \(prefix) set: \(error)")
            }
        }
        train = try set("train")
        test = try set("test")
        probe = try set("probe")
        try file.close()
    }
}
