/// A named number measured for a claim.
public struct NamedValue: Sendable, Equatable, Codable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

/// The verdict on one claim under one reading (SPEC 7).
public struct ClaimResult: Sendable, Equatable, Codable {
    public enum Verdict: String, Sendable, Equatable, Codable {
        case pass = "PASS", fail = "FAIL"
        /// The inputs were not available (e.g. CIFAR-10 absent); `summary` says why.
        case notEvaluated = "NOT EVALUATED"
    }

    /// 1...6, as in SPEC 7.
    public var id: Int
    public var title: String
    /// The paper's statement, as SPEC 7 makes it testable.
    public var statement: String
    public var values: [NamedValue]
    public var verdict: Verdict
    /// One line with the numbers.
    public var summary: String

    public var pass: Bool { verdict == .pass }

    public init(id: Int, title: String, statement: String, values: [NamedValue], verdict: Verdict, summary: String) {
        self.id = id
        self.title = title
        self.statement = statement
        self.values = values
        self.verdict = verdict
        self.summary = summary
    }

    /// The value named `name`, if measured.
    public func value(_ name: String) -> Double? { values.first { $0.name == name }?.value }
}

/// The analysis results of one reading (SPEC 4 and 5) that claims 3 to 6 are judged on.
/// Index order: run, checkpoint, then tasks a, b (0-based).
public struct ReadingAnalysis: Sendable, Equatable, Codable {
    public var reading: Reading
    /// The epoch of each checkpoint (e.g. 0, 4, ..., 300).
    public var epochs: [Int]
    /// A(K_aa, t_a t_a^T): [run][checkpoint][a].
    public var targetAlignment: [[[Double]]]
    /// A(K_ab, G_ab): [run][checkpoint][a][b].
    public var deviationAlignment: [[[[Double]]]]
    /// A(K_ab^run, Kbar_ab): [run][checkpoint][a][b].
    public var ntkConsistency: [[[[Double]]]]
    /// A(G_ab^run, Gbar_ab): [run][checkpoint][a][b].
    public var residualConsistency: [[[[Double]]]]
    /// Mean-over-runs S[a -> b]: [checkpoint][a][b].
    public var affinity: [[[Double]]]

    public init(reading: Reading, epochs: [Int], targetAlignment: [[[Double]]], deviationAlignment: [[[[Double]]]],
                ntkConsistency: [[[[Double]]]], residualConsistency: [[[[Double]]]], affinity: [[[Double]]]) {
        self.reading = reading
        self.epochs = epochs
        self.targetAlignment = targetAlignment
        self.deviationAlignment = deviationAlignment
        self.ntkConsistency = ntkConsistency
        self.residualConsistency = residualConsistency
        self.affinity = affinity
    }

    /// The mean over runs of a [run][checkpoint][a][b] array: [checkpoint][a][b].
    public static func meanOverRuns(_ values: [[[[Double]]]]) -> [[[Double]]] {
        guard let first = values.first else { return [] }
        let runs = Double(values.count)
        return first.indices.map { t in
            first[t].indices.map { a in
                first[t][a].indices.map { b in values.reduce(0) { $0 + $1[t][a][b] } / runs }
            }
        }
    }
}

/// The thresholds and task roles the claims are judged with (SPEC 7); every default is the SPEC value.
public struct ClaimSettings: Sendable, Hashable, Codable {
    /// Claim 1: the CIFAR-10 classes that are living things (0-based, standard order).
    public var livingClasses: [Int] = [2, 3, 4, 5, 6, 7]
    /// Claim 1: the number of clusters of the agglomerative split.
    public var clusters: Int = 2
    /// Claims 2 and 6: the control task (task 4) and the related tasks (1-3), 0-based.
    public var controlTask: Int = 3
    public var relatedTasks: [Int] = [0, 1, 2]
    /// Claim 2: (1,2) must not rank above (1,3); claim 6: S[1 -> 2], S[2 -> 1] lead.
    public var pairFirst: [Int] = [0, 1]
    public var pairSecond: [Int] = [0, 2]
    /// Claim 5: the NTK cross-run alignment threshold, the epoch by which off-diagonal blocks pass it,
    /// and the G cross-run threshold.
    public var ntkThreshold: Double = 0.8
    public var offDiagonalByEpoch: Int = 60
    public var residualThreshold: Double = 0.9
    /// Claim 6: the epoch from which the ordering must hold, at this fraction of the checkpoints.
    public var fromEpoch: Int = 50
    public var requiredFraction: Double = 1.0

    public init() {}
}
