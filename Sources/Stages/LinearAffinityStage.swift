internal import Foundation
public import Pipeline
internal import HDF5Store
internal import ReproSupport
internal import Science
internal import Tensors

/// `linear-affinity` (SPEC 5, Propositions 1 and 2, Figure 1): M1 and M2, raw and normalized, for any
/// labelled dataset: a `cifar10` output (10 one-vs-rest tasks) or a `synthetic-data` output (its
/// training set). Never forms X X^T.
public struct LinearAffinityStage: StageKind {
    public init() {}
    public let name = "linear-affinity"
    public let version = 2

    /// Checked when pipeline.json is loaded.
    public func validate(_ params: StageParameters) throws {
        let c = try params.double("class_count")
        guard c == 0 || c >= 1 else {
            throw StageError.badParameter(stage: params.stage, parameter: "class_count", reason: "\(c) must be 0 (the number of tasks) or >= 1")
        }
    }

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("class_count", .double, default: 0,
                          doc: "c in delta = y - 1/c; 0 means the number of tasks of the dataset"),
        ]
    }

    public func run(_ context: StageContext) throws {
        let paths = context.inputs.values.joined().flatMap(\.outputs)
        guard paths.count == 1, let path = paths.first else {
            throw StageError.badParameter(stage: context.stage, parameter: "inputs",
                                          reason: "expects exactly one input file, got \(paths.count)")
        }
        let (x, y, taskNames, dataset) = try load(path, stage: context.stage)
        let classCount = try context.params.double("class_count")
        let affinity = try LinearAffinity(x: x, y: y, classCount: classCount > 0 ? classCount : nil)
        let c = y.shape[1]
        let file = try HDF5Writer(path: context.outputPath)
        try file.setAttribute("title", .string("Linear task affinity (Propositions 1 and 2) on \(dataset)"))
        try file.setAttribute("dataset", .string(dataset))
        try file.setAttribute("n_points", .int(Int64(x.shape[0])))
        try file.setJSON("task_names", .array(taskNames.map { .string($0) }))
        try file.addTaskCoordinates(c)
        let dims = ["task_a", "task_b"]
        for (name, matrix, text) in [
            ("m1", affinity.m1, "M1[a, b] = d_b^T X X^T d_a with d = 2y - 1, X centered per feature"),
            ("m2", affinity.m2, "M2[a, b] = delta_b^T X X^T delta_a with delta = y - 1/c, X centered per feature"),
            ("m1_normalized", affinity.m1Normalized, "M1[a, b] / sqrt(M1[a, a] M1[b, b])"),
            ("m2_normalized", affinity.m2Normalized, "M2[a, b] / sqrt(M2[a, a] M2[b, b])"),
        ] {
            try file.write(matrix.flatMap { $0 }, shape: [c, c], name: name, dims: dims,
                           metadata: .init(longName: name.replacingOccurrences(of: "_", with: " "),
                                           units: name.hasSuffix("normalized") ? "1" : "input units squared",
                                           description: text))
        }
        try file.close()
    }

    /// x [N, D], y [N, c], task names and the dataset's name from a cifar10 or synthetic-data file.
    private func load(_ path: String, stage: String) throws -> (Tensor<Float>, Tensor<Float>, [String], String) {
        // On an error the reader closes its file when released.
        let file = try HDF5Reader(path: path)
        let names = Set(try file.datasetNames().map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 })
        if names.contains("pixels") {
            let pixels = try file.read("pixels", as: UInt8.self)
            let labels = try file.read("label", as: Int32.self)
            try file.close()
            let count = pixels.shape.first ?? 0
            guard count == labels.values.count, count > 0 else {
                throw StageError.badInput(stage: stage, file: path, reason: "pixels \(pixels.shape) and labels \(labels.shape) disagree")
            }
            let features = pixels.values.count / count
            let table = (0..<256).map { Float($0) / 255 }
            let x = try Tensor<Float>(shape: [count, features], scalars: pixels.values.map { table[Int($0)] })
            let classes = CIFAR10.classNames.count
            var y = [Float](repeating: 0, count: count * classes)
            for (i, label) in labels.values.enumerated() {
                guard label >= 0, Int(label) < classes else {
                    throw StageError.badInput(stage: stage, file: path, reason: "image \(i) has label \(label)")
                }
                y[i * classes + Int(label)] = 1
            }
            return (x, try Tensor(shape: [count, classes], scalars: y), CIFAR10.classNames, "CIFAR-10")
        }
        if names.contains("train_x") {
            try file.close()
            let data = try StoredSyntheticData(path: path, stage: stage)
            let c = data.train.y.shape[1]
            return (data.train.x, data.train.y, (1...c).map { "task \($0)" }, "synthetic")
        }
        throw StageError.badInput(stage: stage, file: path,
                                  reason: "holds neither CIFAR-10 pixels nor synthetic train_x / train_y")
    }
}
