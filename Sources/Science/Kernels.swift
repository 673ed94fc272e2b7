internal import Foundation

/// Errors of the analysis functions: inputs whose shapes do not fit together.
public enum AnalysisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `what` has `got` values where `expected` were needed.
    case badCount(what: String, expected: Int, got: Int)
    /// The runs (or checkpoints) given disagree on tasks or points, or there are none.
    case inconsistent(String)

    public var description: String {
        switch self {
        case .badCount(let what, let expected, let got): "\(what): expected \(expected) values, got \(got)"
        case .inconsistent(let what): "inconsistent analysis inputs: \(what)"
        }
    }
}

/// The empirical NTK of one checkpoint, all output blocks: [c, c, N, N] row-major Float, so that
/// K[a, b][i, j] = grad z_a(x_i) . grad z_b(x_j) is at ((a c + b) N + i) N + j.
public struct NTKBlocks: Sendable, Equatable {
    /// c, the number of tasks (outputs).
    public let tasks: Int
    /// N, the number of probe points.
    public let points: Int
    /// c * c * N * N values.
    public let values: [Float]

    public init(tasks: Int, points: Int, values: [Float]) throws(AnalysisError) {
        guard values.count == tasks * tasks * points * points else {
            throw .badCount(what: "NTK [\(tasks), \(tasks), \(points), \(points)]",
                            expected: tasks * tasks * points * points, got: values.count)
        }
        self.tasks = tasks
        self.points = points
        self.values = values
    }

    /// The N x N block K_ab (row-major).
    @inlinable public func block(_ a: Int, _ b: Int) -> ArraySlice<Float> {
        let size = points * points
        let start = (a * tasks + b) * size
        return values[start..<(start + size)]
    }
}

/// Per-point, per-task values such as residuals or labels: [N, c] row-major.
public struct PointTaskMatrix: Sendable, Equatable {
    public let points: Int
    public let tasks: Int
    /// N * c values, row-major.
    public let values: [Double]

    public init(points: Int, tasks: Int, values: [Double]) throws(AnalysisError) {
        guard values.count == points * tasks else {
            throw .badCount(what: "[\(points), \(tasks)] matrix", expected: points * tasks, got: values.count)
        }
        self.points = points
        self.tasks = tasks
        self.values = values
    }

    public init<S: BinaryFloatingPoint>(points: Int, tasks: Int, values: [S]) throws(AnalysisError) {
        try self.init(points: points, tasks: tasks, values: values.map { Double($0) })
    }

    /// Column `a` (length N).
    public func column(_ a: Int) -> [Double] { (0..<points).map { values[$0 * tasks + a] } }

    public subscript(i: Int, a: Int) -> Double { values[i * tasks + a] }
}

/// Residuals and losses from logits (SPEC 2 and 3).
public enum Residuals {
    /// The weight of a label in the class-weighted BCE: `positiveWeight` (c - 1 by default) for y = 1, 1 for y = 0.
    @inlinable public static func weight(label y: Double, positiveWeight: Double) -> Double {
        y > 0.5 ? positiveWeight : 1
    }

    /// r[i, k] = w_ik (p_ik - y_ik) (`lossGradient`) or p_ik - y_ik (`deviation`), p = sigmoid(z).
    /// `logits` and `labels` are [N, c]; `positiveWeight` defaults to c - 1.
    public static func residuals(logits: PointTaskMatrix, labels: PointTaskMatrix, reading: Reading.Residual,
                                 positiveWeight: Double? = nil) throws(AnalysisError) -> PointTaskMatrix {
        guard logits.points == labels.points, logits.tasks == labels.tasks else {
            throw .inconsistent("logits [\(logits.points), \(logits.tasks)] vs labels [\(labels.points), \(labels.tasks)]")
        }
        let w1 = positiveWeight ?? Double(logits.tasks - 1)
        let values = zip(logits.values, labels.values).map { z, y in
            let deviation = sigmoid(z) - y
            return reading == .lossGradient ? weight(label: y, positiveWeight: w1) * deviation : deviation
        }
        return try PointTaskMatrix(points: logits.points, tasks: logits.tasks, values: values)
    }

    /// Per-task class-weighted BCE, mean over points: L_k = mean_i w_ik * BCE(z_ik, y_ik), length c.
    public static func taskLosses(logits: PointTaskMatrix, labels: PointTaskMatrix,
                                  positiveWeight: Double? = nil) throws(AnalysisError) -> [Double] {
        guard logits.points == labels.points, logits.tasks == labels.tasks, logits.points > 0 else {
            throw .inconsistent("logits [\(logits.points), \(logits.tasks)] vs labels [\(labels.points), \(labels.tasks)]")
        }
        let w1 = positiveWeight ?? Double(logits.tasks - 1)
        var sums = [Double](repeating: 0, count: logits.tasks)
        for i in 0..<logits.points {
            for k in 0..<logits.tasks {
                let z = logits[i, k], y = labels[i, k]
                // BCE with logits, stable: max(z, 0) - z y + log(1 + exp(-|z|)).
                let bce = max(z, 0) - z * y + log1pExp(-abs(z))
                sums[k] += weight(label: y, positiveWeight: w1) * bce
            }
        }
        return sums.map { $0 / Double(logits.points) }
    }

    static func sigmoid(_ z: Double) -> Double {
        z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
    }

    static func log1pExp(_ v: Double) -> Double { log1p(exp(v)) }
}
