public import Tensors

/// Where the probe set (on which the NTK and G are measured) comes from (SPEC 1, SPEC 8).
public enum ProbeReading: String, Sendable, Hashable, Codable, CaseIterable {
    /// A seeded subsample of the training points of each class (the default).
    case train
    /// A separate seeded draw, like the test set.
    case heldOut = "held-out"
}

/// The settings of the synthetic data set (SPEC 1); every default is the SPEC value.
public struct SyntheticConfig: Sendable, Hashable, Codable {
    /// Input dimension d.
    public var dimension: Int = 10
    /// Lower and upper bound of every coordinate (x uniform in [low, high)^d).
    public var low: Double = -1
    public var high: Double = 1
    /// One region per task; class k is drawn inside `regions[k]`.
    public var regions: [Region] = Region.paper
    public var trainPerClass: Int = 1000
    public var testPerClass: Int = 250
    public var probePerClass: Int = 50
    public var probe: ProbeReading = .train
    public var seed: UInt64 = 0
    /// Rejection sampling gives up after this many candidates for one point (a region too thin to hit).
    public var maxAttemptsPerPoint: Int = 1_000_000

    public init() {}

    public init(dimension: Int = 10, regions: [Region] = Region.paper, trainPerClass: Int = 1000,
                testPerClass: Int = 250, probePerClass: Int = 50, probe: ProbeReading = .train,
                seed: UInt64 = 0) {
        self.dimension = dimension
        self.regions = regions
        self.trainPerClass = trainPerClass
        self.testPerClass = testPerClass
        self.probePerClass = probePerClass
        self.probe = probe
        self.seed = seed
    }

    /// Checks that the regions read existing features and that the counts make sense.
    public func validate() throws(SyntheticDataError) {
        guard dimension > 0, low < high else { throw .badSetting("dimension \(dimension), range [\(low), \(high))") }
        for region in regions {
            if let bad = region.features.first(where: { $0 < 1 || $0 > dimension }) {
                throw .featureOutOfRange(region: region.name, feature: bad, dimension: dimension)
            }
            if region.shape == .cone, region.features.count != 3 {
                throw .badSetting("region \(region.name): a cone reads exactly 3 features, got \(region.features)")
            }
            guard region.lower.isFinite, region.upper.isFinite, region.lower < region.upper else {
                throw .badSetting("region \(region.name): lower \(region.lower) must be below upper \(region.upper)")
            }
        }
        guard trainPerClass > 0, testPerClass >= 0, probePerClass >= 0 else {
            throw .badSetting("per-class counts train \(trainPerClass), test \(testPerClass), probe \(probePerClass)")
        }
        if probe == .train, probePerClass > trainPerClass {
            throw .badSetting("probe_per_class \(probePerClass) exceeds n_per_class \(trainPerClass) for the train reading")
        }
    }
}

public enum SyntheticDataError: Error, Equatable, Sendable, CustomStringConvertible {
    case featureOutOfRange(region: String, feature: Int, dimension: Int)
    case badSetting(String)
    /// Rejection sampling drew `attempts` candidates without hitting the region.
    case regionTooRare(region: String, attempts: Int)

    public var description: String {
        switch self {
        case .featureOutOfRange(let region, let feature, let dimension):
            "synthetic data: region \(region) reads feature x\(feature), but d = \(dimension)"
        case .badSetting(let what): "synthetic data: bad setting: \(what)"
        case .regionTooRare(let region, let attempts):
            "synthetic data: no point of region \(region) in \(attempts) uniform draws"
        }
    }
}

/// Labelled points: inputs, multi-hot labels and the class each point was drawn for.
public struct LabelledSet: Sendable, Equatable {
    /// Inputs [N, d].
    public var x: Tensor<Float>
    /// Multi-hot labels [N, c]: y[i, j] = 1 iff point i lies in region j.
    public var y: Tensor<Float>
    /// The class (0-based task index) each point was drawn for, length N, ordered by class.
    public var classOfOrigin: [Int]

    public init(x: Tensor<Float>, y: Tensor<Float>, classOfOrigin: [Int]) {
        self.x = x
        self.y = y
        self.classOfOrigin = classOfOrigin
    }

    public var count: Int { classOfOrigin.count }

    /// The subset at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabelledSet {
        let d = x.shape[1], c = y.shape[1]
        var xs = [Float](), ys = [Float]()
        xs.reserveCapacity(indices.count * d)
        ys.reserveCapacity(indices.count * c)
        for i in indices {
            xs.append(contentsOf: x.scalars[(i * d)..<((i + 1) * d)])
            ys.append(contentsOf: y.scalars[(i * c)..<((i + 1) * c)])
        }
        // The counts match the shapes by construction.
        let xt = (try? Tensor(shape: [indices.count, d], scalars: xs)) ?? Tensor(shape: [0, d])
        let yt = (try? Tensor(shape: [indices.count, c], scalars: ys)) ?? Tensor(shape: [0, c])
        return LabelledSet(x: xt, y: yt, classOfOrigin: indices.map { classOfOrigin[$0] })
    }
}

/// The synthetic data set of SPEC 1: train, test and probe sets with the region definitions.
public struct SyntheticData: Sendable, Equatable {
    public var config: SyntheticConfig
    public var train: LabelledSet
    public var test: LabelledSet
    public var probe: LabelledSet
    /// For the `train` probe reading: the row of `train` each probe point is (length N_probe); nil otherwise.
    public var probeIndicesInTrain: [Int]?
    /// overlap[k][j]: the fraction of class-k training points that lie in region j ([c][c]; diagonal 1).
    public var overlap: [[Double]]

    /// Random streams, one per purpose and class, so each set is independent of the others' sizes.
    enum Stream: UInt64 { case train = 1, test = 2, heldOutProbe = 3, probeSubsample = 4 }

    /// Generates the data set of `config` deterministically from `config.seed`.
    public init(config: SyntheticConfig = SyntheticConfig()) throws(SyntheticDataError) {
        try config.validate()
        self.config = config
        let generator = Philox(seed: config.seed)
        let train = try Self.draw(config: config, perClass: config.trainPerClass, generator: generator, purpose: .train)
        self.train = train
        test = try Self.draw(config: config, perClass: config.testPerClass, generator: generator, purpose: .test)
        switch config.probe {
        case .heldOut:
            probe = try Self.draw(config: config, perClass: config.probePerClass, generator: generator,
                                  purpose: .heldOutProbe)
            probeIndicesInTrain = nil
        case .train:
            var indices = [Int]()
            for k in config.regions.indices {
                let origin = train.classOfOrigin
                let members = origin.indices.filter { origin[$0] == k }
                var stream = generator.stream(Stream.probeSubsample.rawValue << 32 | UInt64(k))
                let order = stream.permutation(members.count)
                indices += order.prefix(config.probePerClass).map { members[$0] }.sorted()
            }
            probe = train.subset(indices)
            probeIndicesInTrain = indices
        }
        overlap = Self.overlap(of: train, classes: config.regions.count)
    }

    /// overlap[k][j]: the fraction of the points of class k (by `classOfOrigin`) with y[., j] = 1.
    public static func overlap(of set: LabelledSet, classes: Int) -> [[Double]] {
        let c = set.y.shape[1]
        var counts = [[Double]](repeating: [Double](repeating: 0, count: c), count: classes)
        var totals = [Double](repeating: 0, count: classes)
        for (i, k) in set.classOfOrigin.enumerated() {
            totals[k] += 1
            for j in 0..<c where set.y.scalars[i * c + j] == 1 { counts[k][j] += 1 }
        }
        return counts.indices.map { k in counts[k].map { totals[k] > 0 ? $0 / totals[k] : 0 } }
    }

    /// `perClass` points inside each region in turn (rejection sampling of uniform points), labelled
    /// against every region. Coordinates are rounded to Float before the membership test, so the labels
    /// describe the stored points exactly.
    static func draw(config: SyntheticConfig, perClass: Int, generator: Philox,
                     purpose: Stream) throws(SyntheticDataError) -> LabelledSet {
        let d = config.dimension, c = config.regions.count
        var xs = [Float](), ys = [Float](), origin = [Int]()
        xs.reserveCapacity(perClass * c * d)
        ys.reserveCapacity(perClass * c * c)
        var point = [Float](repeating: 0, count: d)
        for (k, region) in config.regions.enumerated() {
            var stream = generator.stream(purpose.rawValue << 32 | UInt64(k))
            for _ in 0..<perClass {
                var attempts = 0
                repeat {
                    guard attempts < config.maxAttemptsPerPoint else {
                        throw .regionTooRare(region: region.name, attempts: attempts)
                    }
                    attempts += 1
                    for f in 0..<d { point[f] = Float(stream.nextUniform(in: config.low, config.high)) }
                } while !region.contains(point)
                xs += point
                for other in config.regions { ys.append(other.contains(point) ? 1 : 0) }
                origin.append(k)
            }
        }
        let n = origin.count
        let x = (try? Tensor(shape: [n, d], scalars: xs)) ?? Tensor(shape: [0, d])
        let y = (try? Tensor(shape: [n, c], scalars: ys)) ?? Tensor(shape: [0, c])
        return LabelledSet(x: x, y: y, classOfOrigin: origin)
    }
}
