internal import Foundation
internal import Figures
internal import ReproSupport

/// A row-major array read from an analysis file, indexed by a tuple of positions.
struct Grid: Sendable {
    let shape: [Int]
    let values: [Double]

    /// The value at `index` (one position per axis, each inside the shape).
    subscript(_ index: Int...) -> Double {
        var offset = 0
        for (axis, i) in index.enumerated() { offset = offset * shape[axis] + i }
        return values[offset]
    }
}

/// Builds the `PanelFigure` of one paper figure from its analysis file.
struct FigureBuilder {
    let file: AnalysisFile
    let options: FigureOptions

    func build() throws -> PanelFigure {
        switch options.figure {
        case .fig1a: try linearAffinity(title: "Figure 1a · CIFAR-10: linear task affinity")
        case .fig1b: try linearAffinity(title: "Figure 1b · Synthetic data: linear task affinity")
        case .fig2a: try targetVersusResidual()
        case .fig2b: try diagonalVersusOffDiagonal()
        case .fig2c: try crossRunConsistency()
        case .fig3: try affinityAtEpochs()
        }
    }

    // MARK: - Figure 1

    /// The normalized M2 of a linear-affinity file as one heatmap with the task names on both axes.
    func linearAffinity(title: String) throws -> PanelFigure {
        let names = try file.strings("task_names")
        let m2 = try grid("m2_normalized", dims: ["task_a", "task_b"], lengths: [names.count, names.count])
        let c = names.count
        let matrix = (0..<c).map { a in (0..<c).map { b in m2[a, b] } }
        var spec = HeatmapSpec(values: matrix, rowLabels: names, columnLabels: names, xLabel: "task b", yLabel: "task a",
                               colorbarLabel: "normalized M2[a, b]", fontSize: c > 6 ? 7 : 8)
        spec.annotationFormat = .fixed(2)
        let size = (options.width, options.height)
        return PanelFigure(panels: [.heatmap(spec)], columns: 1, title: title, widthInches: size.0, heightInches: size.1,
                           panelLetters: false)
    }

    // MARK: - Figure 3

    /// Mean-over-runs S at the chosen epochs, one heatmap per epoch on one shared scale.
    func affinityAtEpochs() throws -> PanelFigure {
        let shape = try file.shape(of: "s_mean")
        guard shape.count == 4, shape[2] == shape[3], shape[2] > 0 else {
            throw StageError.badShape(stage: file.stage, file: file.name, dataset: "s_mean",
                                      expected: "(reading, epoch, task_a, task_b) with task_a = task_b", got: shape)
        }
        let s = try grid("s_mean", dims: ["reading", "epoch", "task_a", "task_b"], lengths: [nil, nil, shape[2], shape[2]])
        let reading = try readingIndex("s_mean", count: s.shape[0])
        let epochs = try epochValues(count: s.shape[1])
        let c = s.shape[2]
        let tasks = (1...c).map { "task \($0)" }
        var matrices: [[[Double]]] = []
        // Epochs past the last checkpoint are left out, so a shortened run (`--set train.epochs=8`)
        // still draws; an epoch inside the run that is no checkpoint is an error.
        let last = epochs.max() ?? 0
        let shown = options.epochs.filter { Double($0) <= last }
        guard !shown.isEmpty else {
            throw StageError.missingValue(stage: file.stage, file: file.name, dataset: "epoch",
                                          reason: "none of the epochs \(options.epochs) is a checkpoint (checkpoints: \(Self.list(epochs)))")
        }
        for epoch in shown {
            guard let k = epochs.firstIndex(of: Double(epoch)) else {
                throw StageError.missingValue(stage: file.stage, file: file.name, dataset: "epoch",
                                              reason: "epoch \(epoch) is not a checkpoint (checkpoints: \(Self.list(epochs))); "
                                                  + "set the stage's 'epochs' parameter")
            }
            matrices.append((0..<c).map { a in (0..<c).map { b in s[reading, k, a, b] } })
        }
        let scale = ColorScale.shared(matrices)
        // Each panel's numbers are written to its own magnitude, so small early affinities stay readable
        // on the shared color scale.
        let panels = zip(shown, matrices).map { epoch, matrix in
            let format = Self.affinityFormat(matrix)
            return Panel.heatmap(HeatmapSpec(values: matrix, rowLabels: tasks, columnLabels: tasks, title: "epoch \(epoch)",
                                      xLabel: "to task b", yLabel: "from task a", scale: scale, annotationFormat: format,
                                      showsColorbar: false, fontSize: 7))
        }
        let runs = try file.has("s_run") ? try file.shape(of: "s_run").dropFirst().first : nil
        let over = runs.map { "the mean over \($0) runs" } ?? "the mean over runs"
        return PanelFigure(panels: panels, columns: min(3, panels.count),
                           title: try title("Figure 3 · Task affinity S[a → b] from \(over) of K and G", short: "task affinity S"),
                           widthInches: options.width, heightInches: options.height,
                           sharedColorbar: SharedColorbar(scale: scale, label: "S[a → b]"))
    }

    // MARK: - Reading the file

    func grid(_ dataset: String, dims: [String], lengths: [Int?]) throws(StageError) -> Grid {
        let (shape, values) = try file.doubles(dataset, dims: dims, lengths: lengths)
        return Grid(shape: shape, values: values)
    }

    /// The `reading` option, checked against the `count` readings of `dataset`.
    func readingIndex(_ dataset: String, count: Int) throws(StageError) -> Int {
        guard options.reading < count else {
            throw .missingValue(stage: file.stage, file: file.name, dataset: dataset,
                                reason: "reading \(options.reading) requested but the file has \(count) readings (0...\(count - 1))")
        }
        return options.reading
    }

    /// The values of the `epoch` coordinate, which must have `count` entries (the length of the epoch axis).
    func epochValues(count: Int) throws(StageError) -> [Double] {
        try grid("epoch", dims: ["epoch"], lengths: [count]).values
    }

    /// `full` under the default reading; under another, the shorter "Figure 2b (short) · reading NAME",
    /// NAME from the root JSON `readings`, so the title still fits the figure's width.
    func title(_ full: String, short: String) throws(StageError) -> String {
        guard options.reading != 0 else { return full }
        let readings = try file.json("readings")?.arrayValue ?? []
        let name = options.reading < readings.count ? ReadingName.of(readings[options.reading]) : "\(options.reading)"
        return "\(options.figure.label) (\(short)) · reading \(name)"
    }

    /// Fixed decimals for one Figure 3 panel, chosen so that its largest off-diagonal affinity shows
    /// two significant digits (the ranking claim 6 is about), between 2 and 5 decimals.
    static func affinityFormat(_ matrix: [[Double]]) -> ValueFormat {
        var largest = 0.0
        for a in matrix.indices { for b in matrix[a].indices where a != b && matrix[a][b].isFinite {
            largest = max(largest, abs(matrix[a][b]))
        } }
        guard largest > 0 else { return .fixed(2) }
        let decimals = 1 - Int(log10(largest).rounded(.down))
        return .fixed(min(5, max(2, decimals)))
    }

    static func list(_ values: [Double]) -> String {
        let shown = values.prefix(12).map { $0 == $0.rounded() ? String(Int($0)) : String($0) }
        return shown.joined(separator: ", ") + (values.count > 12 ? ", ..." : "")
    }
}

/// How a reading (an object of the root JSON `readings`) is written: its `name`, else its choices.
enum ReadingName {
    static func of(_ reading: JSONValue) -> String {
        if let name = reading["name"]?.stringValue { return name }
        let parts = ["residual", "alignment", "target"].compactMap { reading[$0]?.stringValue }
        if !parts.isEmpty { return parts.joined(separator: "/") }
        do { return try reading.canonicalString() } catch { return "\(reading)" }
    }
}
