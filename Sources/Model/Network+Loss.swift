public import Tensors

/// Class-weighted binary cross-entropy (SPEC.md section 2): per point and task
/// l = -(w+ y log p + (1 - y) log(1 - p)), p = sigmoid(z), w+ = c - 1 by default; the loss is the sum over
/// tasks and the mean over points; dl/dz = w (p - y) with w = w+ for a positive label and 1 otherwise.
public struct WeightedBCE: Sendable, Hashable, Codable {
    /// The weight of a positive label (w+).
    public var positiveWeight: Double

    public init(positiveWeight: Double) { self.positiveWeight = positiveWeight }

    /// The SPEC default for `tasks` outputs: w+ = c - 1.
    public init(tasks: Int) { positiveWeight = Double(tasks - 1) }

    /// The loss of one logit `z` against label `y` (0 or 1), computed without overflow via softplus.
    @inlinable public func loss<Scalar: TensorScalar>(logit z: Scalar, label y: Scalar) -> Scalar {
        Scalar(positiveWeight) * y * Scalar.softplus(-z) + (1 - y) * Scalar.softplus(z)
    }

    /// The weight w of a label: w+ when y > 0.5, else 1.
    @inlinable public func weight<Scalar: TensorScalar>(label y: Scalar) -> Scalar {
        y > 0.5 ? Scalar(positiveWeight) : 1
    }
}

/// Per-task sums over points of a network's outputs against labels.
public struct Evaluation: Sendable, Hashable {
    /// Points evaluated.
    public var points: Int
    /// Per task: the weighted BCE summed over points (divide by `points` for the mean).
    public var lossSums: [Double]
    /// Per task: points whose prediction (p > 0.5, i.e. z > 0) equals the label.
    public var correct: [Int]

    /// Per task: mean weighted BCE over points.
    public var meanLoss: [Double] { lossSums.map { $0 / Double(Swift.max(points, 1)) } }
    /// Per task: fraction of points classified correctly.
    public var accuracy: [Double] { correct.map { Double($0) / Double(Swift.max(points, 1)) } }
    /// The SPEC loss: sum over tasks of the mean over points.
    public var totalLoss: Double { meanLoss.reduce(0, +) }
}

extension Network {
    func checkShapes(x: Tensor<Scalar>, y: Tensor<Scalar>?) throws(ModelError) {
        guard x.rank == 2, x.shape[0] > 0, x.shape[1] == config.inputDimension else {
            throw .shapeMismatch(what: "inputs x", expected: [x.shape.first ?? 0, config.inputDimension], got: x.shape)
        }
        if let y, y.shape != [x.shape[0], outputs] {
            throw .shapeMismatch(what: "labels y", expected: [x.shape[0], outputs], got: y.shape)
        }
    }

    /// Writes dL/dz = scale * w (p - y) for the `rows` logits of the last forward pass into the last
    /// output-gradient buffer; returns false when a logit is NaN or Inf.
    func storeLossGradient(labels: UnsafePointer<Scalar>, rows: Int, loss: WeightedBCE, scale: Scalar) -> Bool {
        reserveGradients(rows)
        let z = logits, gradient = outputGradients[outputGradients.count - 1]
        var check: Scalar = 0
        for element in 0..<(rows * outputs) {
            let label = labels[element], logit = z[element]
            check += logit
            gradient[element] = scale * loss.weight(label: label) * (Scalar.sigmoid(logit) - label)
        }
        return check.isFinite
    }

    /// Adds the per-task loss and correct counts of the `rows` logits of the last forward pass.
    func accumulate(_ evaluation: inout Evaluation, labels: UnsafePointer<Scalar>, rows: Int, loss: WeightedBCE) {
        let z = logits
        for row in 0..<rows {
            for task in 0..<outputs {
                let element = row * outputs + task
                let label = labels[element], logit = z[element]
                evaluation.lossSums[task] += Double(loss.loss(logit: logit, label: label))
                if (logit > 0) == (label > 0.5) { evaluation.correct[task] += 1 }
            }
        }
        evaluation.points += rows
    }

    /// Evaluates all rows of x [N, d] against y [N, c] in chunks of `chunk` rows.
    func evaluate(x: UnsafePointer<Scalar>, y: UnsafePointer<Scalar>, points: Int, loss: WeightedBCE,
                  chunk: Int = 512) -> Evaluation {
        var evaluation = Evaluation(points: 0, lossSums: Array(repeating: 0, count: outputs),
                                    correct: Array(repeating: 0, count: outputs))
        var start = 0
        while start < points {
            let rows = Swift.min(chunk, points - start)
            loadInput(x + start * config.inputDimension, rows: rows)
            forward(rows: rows)
            accumulate(&evaluation, labels: y + start * outputs, rows: rows, loss: loss)
            start += rows
        }
        return evaluation
    }

    /// The logits of x [N, inputDimension]: [N, outputs].
    @_specialize(exported: true, where Scalar == Float)
    public func logits(_ x: Tensor<Scalar>) throws(ModelError) -> Tensor<Scalar> {
        try checkShapes(x: x, y: nil)
        let points = x.shape[0]
        x.scalars.withUnsafeBufferPointer { loadInput($0.baseAddress!, rows: points) }
        forward(rows: points)
        let values = Array(UnsafeBufferPointer(start: logits, count: points * outputs))
        return try Self.tensor([points, outputs], values)
    }

    /// Per-task loss and accuracy of x [N, d] against y [N, c].
    @_specialize(exported: true, where Scalar == Float)
    public func evaluate(x: Tensor<Scalar>, y: Tensor<Scalar>, loss: WeightedBCE) throws(ModelError) -> Evaluation {
        try checkShapes(x: x, y: y)
        return x.scalars.withUnsafeBufferPointer { xs in
            y.scalars.withUnsafeBufferPointer { ys in
                evaluate(x: xs.baseAddress!, y: ys.baseAddress!, points: x.shape[0], loss: loss)
            }
        }
    }

    /// The gradient of the loss (mean over the N points of x) with respect to every parameter, in the
    /// layout of `Parameters.values`, and the loss itself.
    @_specialize(exported: true, where Scalar == Float)
    public func gradient(x: Tensor<Scalar>, y: Tensor<Scalar>, loss: WeightedBCE) throws(ModelError)
        -> (loss: Double, gradient: [Scalar]) {
        try checkShapes(x: x, y: y)
        let points = x.shape[0]
        var gradient = [Scalar](repeating: 0, count: parameterCount)
        var evaluation = Evaluation(points: 0, lossSums: Array(repeating: 0, count: outputs),
                                    correct: Array(repeating: 0, count: outputs))
        x.scalars.withUnsafeBufferPointer { loadInput($0.baseAddress!, rows: points) }
        forward(rows: points)
        y.scalars.withUnsafeBufferPointer { labels in
            accumulate(&evaluation, labels: labels.baseAddress!, rows: points, loss: loss)
            _ = storeLossGradient(labels: labels.baseAddress!, rows: points, loss: loss, scale: 1 / Scalar(points))
        }
        gradient.withUnsafeMutableBufferPointer { target in
            backward(rows: points, rowPeriod: points, target: .accumulate(into: target.baseAddress!, alpha: 1, beta: 0))
        }
        return (evaluation.totalLoss, gradient)
    }

    /// One SGD step on the batch x [B, d], y [B, c]: theta -= learningRate * gradient of the mean loss.
    /// Returns false (and still updates) when a logit was NaN or Inf.
    @discardableResult
    @_specialize(exported: true, where Scalar == Float)
    public func sgdStep(x: Tensor<Scalar>, y: Tensor<Scalar>, loss: WeightedBCE, learningRate: Scalar) throws(ModelError) -> Bool {
        try checkShapes(x: x, y: y)
        let points = x.shape[0]
        x.scalars.withUnsafeBufferPointer { loadInput($0.baseAddress!, rows: points) }
        forward(rows: points)
        let finite = y.scalars.withUnsafeBufferPointer { labels in
            storeLossGradient(labels: labels.baseAddress!, rows: points, loss: loss, scale: 1 / Scalar(points))
        }
        backward(rows: points, rowPeriod: points, target: .accumulate(into: parameterBuffer, alpha: -learningRate, beta: 1))
        return finite
    }

    static func tensor(_ shape: [Int], _ values: [Scalar]) throws(ModelError) -> Tensor<Scalar> {
        do { return try Tensor(shape: shape, scalars: values) } catch {
            throw .shapeMismatch(what: "result", expected: shape, got: [values.count])
        }
    }
}
