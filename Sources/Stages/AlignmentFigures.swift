internal import Figures

/// Figure 2 (SPEC 4): alignment curves over epochs from `alignment.h5`, per-run thin lines and the
/// mean over runs bold.
extension FigureBuilder {
    /// One alignment dataset at the chosen reading, with the axis lengths checked.
    struct Curves {
        let grid: Grid
        let reading: Int
        var runs: Int { grid.shape[1] }
        var epochs: Int { grid.shape[2] }
        var tasks: Int { grid.shape[3] }

        /// `runs[r][k]` for block (a, b) of a (reading, run, epoch, task_a, task_b) dataset.
        func block(_ a: Int, _ b: Int) -> [[Double]] {
            (0..<runs).map { r in (0..<epochs).map { k in grid[reading, r, k, a, b] } }
        }

        /// `runs[r][k]` for task a of a (reading, run, epoch, task) dataset.
        func task(_ a: Int) -> [[Double]] {
            (0..<runs).map { r in (0..<epochs).map { k in grid[reading, r, k, a] } }
        }
    }

    /// Reads `dataset` of dims (reading, run, epoch, task_a, task_b), or (reading, run, epoch, task)
    /// when `blocks` is false; `like` fixes the run, epoch and task counts of an earlier one.
    func curves(_ dataset: String, blocks: Bool = true, like other: Curves? = nil) throws(StageError) -> Curves {
        let lengths: [Int?] = [nil, other?.runs, other?.epochs, other?.tasks] + (blocks ? [other?.tasks] : [])
        let dims = ["reading", "run", "epoch"] + (blocks ? ["task_a", "task_b"] : ["task"])
        let grid = try grid(dataset, dims: dims, lengths: lengths)
        if blocks, grid.shape[3] != grid.shape[4] {
            throw .badShape(stage: file.stage, file: file.name, dataset: dataset,
                            expected: "(reading, run, epoch, task_a, task_b) with task_a = task_b", got: grid.shape)
        }
        if grid.shape[1] == 0 || grid.shape[2] == 0 || grid.shape[3] == 0 {
            throw .badShape(stage: file.stage, file: file.name, dataset: dataset,
                            expected: "at least one run, epoch and task", got: grid.shape)
        }
        let reading = try readingIndex(dataset, count: grid.shape[0])
        return Curves(grid: grid, reading: reading)
    }

    /// The x axis of the curves: exactly the checkpoints, first to last.
    static func epochRange(_ x: [Double]) -> ClosedRange<Double>? {
        guard let first = x.first, let last = x.last, last > first else { return nil }
        return first...last
    }

    /// Colors of the off-diagonal pairs, leaving out the red and blue of Figure 2a and the gray.
    static let pairColors: [Color] = [1, 2, 4, 5, 6, 8, 9, 3, 0].map { Color.tab10[$0] }

    /// Figure 2a: per task, A(K_aa, t_a t_aᵀ) in red and A(K_aa, G_aa) in blue.
    func targetVersusResidual() throws -> PanelFigure {
        let deviation = try curves("deviation_alignment")
        let target = try curves("target_alignment", blocks: false, like: deviation)
        let x = try epochValues(count: deviation.epochs)
        let panels = (0..<deviation.tasks).map { a in
            var plot = LinePlotSpec(title: "task \(a + 1)", xLabel: "epoch", yLabel: "alignment",
                                    xRange: Self.epochRange(x), legend: .best)
            plot.addRuns(target.task(a), x: x, label: "A(K_aa, t_a t_aᵀ)", color: .red)
            plot.addRuns(deviation.block(a, a), x: x, label: "A(K_aa, G_aa)", color: .blue)
            return Panel.linePlot(plot)
        }
        return PanelFigure(panels: panels, columns: panels.count == 4 ? 2 : min(3, panels.count),
                           title: try title("Figure 2a · Diagonal NTK blocks: alignment with the targets and with the residuals",
                                            short: "K with targets and residuals"),
                           widthInches: options.width, heightInches: options.height)
    }

    /// Figure 2b: A(K_ab, G_ab), off-diagonal pairs colored, diagonal blocks gray dotted.
    func diagonalVersusOffDiagonal() throws -> PanelFigure {
        let deviation = try curves("deviation_alignment")
        let x = try epochValues(count: deviation.epochs)
        var plot = LinePlotSpec(xLabel: "epoch", yLabel: "A(K_ab, G_ab)", xRange: Self.epochRange(x), legend: .outsideRight)
        addBlocks(deviation, x: x, to: &plot)
        return PanelFigure(.linePlot(plot), widthInches: options.width, heightInches: options.height,
                           title: try title("Figure 2b · Alignment of K with G: off-diagonal vs diagonal blocks",
                                            short: "K with G"))
    }

    /// Figure 2c: cross-run consistency of K (diagonal, off-diagonal) with the threshold, and of G.
    func crossRunConsistency() throws -> PanelFigure {
        let ntk = try curves("ntk_consistency")
        let residual = try curves("residual_consistency", like: ntk)
        let x = try epochValues(count: ntk.epochs)
        let line = { (y: Double) in ReferenceLine(y: y, label: "\(Self.number(y)) threshold") }
        // Both NTK panels on one y axis, so diagonal and off-diagonal blocks compare at a glance.
        let finite = ntk.grid.values.filter(\.isFinite)
        let shared = AxisScale.nice(min(finite.min() ?? 0, options.threshold), max(finite.max() ?? 1, options.threshold))
        let ntkRange = shared.lower < shared.upper ? shared.lower...shared.upper : nil
        var diagonal = LinePlotSpec(referenceLines: [line(options.threshold)], title: "NTK, diagonal blocks K_aa",
                                    xLabel: "epoch", yLabel: "A(K_ab run, mean K_ab)", xRange: Self.epochRange(x),
                                    yRange: ntkRange, legend: .best)
        for a in 0..<ntk.tasks {
            diagonal.addRuns(ntk.block(a, a), x: x, label: "K_\(a + 1)\(a + 1)", color: Self.pairColors[a % Self.pairColors.count],
                             spread: .none)
        }
        var offDiagonal = LinePlotSpec(referenceLines: [line(options.threshold)], title: "NTK, off-diagonal blocks K_ab",
                                       xLabel: "epoch", yLabel: "A(K_ab run, mean K_ab)", xRange: Self.epochRange(x),
                                    yRange: ntkRange, legend: .best)
        for (i, (a, b)) in Self.pairs(ntk.tasks).enumerated() {
            offDiagonal.addRuns(ntk.block(a, b), x: x, label: "K_\(a + 1)\(b + 1)",
                                color: Self.pairColors[i % Self.pairColors.count], spread: .none)
        }
        var gram = LinePlotSpec(referenceLines: [line(options.residualThreshold)], title: "Residual Gram matrices G_ab",
                                xLabel: "epoch", yLabel: "A(G_ab run, mean G_ab)", xRange: Self.epochRange(x), legend: .best)
        addBlocks(residual, x: x, to: &gram, symbol: "G")
        return PanelFigure(panels: [.linePlot(diagonal), .linePlot(offDiagonal), .linePlot(gram)], columns: 3,
                           title: try title("Figure 2c · Cross-run consistency: each run's blocks against the mean over runs",
                                            short: "cross-run consistency"),
                           widthInches: options.width, heightInches: options.height)
    }

    /// Off-diagonal pairs a < b in color, then the diagonal blocks gray and dotted (one legend entry).
    func addBlocks(_ curves: Curves, x: [Double], to plot: inout LinePlotSpec, symbol: String = "K") {
        for (i, (a, b)) in Self.pairs(curves.tasks).enumerated() {
            plot.addRuns(curves.block(a, b), x: x, label: "tasks \(a + 1), \(b + 1)",
                         color: Self.pairColors[i % Self.pairColors.count], spread: .none)
        }
        for a in 0..<curves.tasks {
            plot.addRuns(curves.block(a, a), x: x, label: a == 0 ? "diagonal blocks" : nil, color: .gray(0.45),
                         dash: .dotted, spread: .none)
        }
    }

    /// The pairs (a, b), a < b, in row order.
    static func pairs(_ tasks: Int) -> [(Int, Int)] {
        (0..<tasks).flatMap { a in (a + 1..<tasks).map { b in (a, b) } }
    }

    /// 0.8 as "0.8", 1 as "1".
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
