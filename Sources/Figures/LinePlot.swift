/// One curve: `y[k]` at `x[k]` (same count). NaN values break the line.
public struct Series: Hashable, Sendable {
    public var x: [Double]
    public var y: [Double]
    /// Legend text; nil keeps the curve out of the legend (thin per-run lines).
    public var label: String?
    public var color: Color
    /// Line width, points.
    public var width: Double
    public var dash: DashStyle

    public init(x: [Double], y: [Double], label: String? = nil, color: Color, width: Double = 1.5,
                dash: DashStyle = .solid) {
        self.x = x; self.y = y; self.label = label; self.color = color; self.width = width; self.dash = dash
    }
}

/// A shaded region between `lower[k]` and `upper[k]` at `x[k]` (the spread over runs).
public struct Band: Hashable, Sendable {
    public var x: [Double]
    public var lower: [Double]
    public var upper: [Double]
    /// Fill color, usually translucent.
    public var color: Color
    /// Legend text; nil keeps the band out of the legend.
    public var label: String?

    public init(x: [Double], lower: [Double], upper: [Double], color: Color, label: String? = nil) {
        self.x = x; self.lower = lower; self.upper = upper; self.color = color; self.label = label
    }
}

/// A horizontal line across the plot at `y` (a threshold such as 0.8).
public struct ReferenceLine: Hashable, Sendable {
    public var y: Double
    public var label: String?
    public var stroke: Stroke

    public init(y: Double, label: String? = nil, stroke: Stroke = Stroke(color: .gray(0.35), width: 0.8, dash: .dashed)) {
        self.y = y; self.label = label; self.stroke = stroke
    }
}

/// Where the legend goes.
public enum LegendPosition: String, Hashable, Sendable {
    /// The inside corner covering the fewest data points.
    case best
    case upperRight, upperLeft, lowerRight, lowerLeft
    /// Right of the plot area, which shrinks to make room.
    case outsideRight
    case none
}

/// How the spread over runs is shaded by `LinePlotSpec.addRuns`.
public enum Spread: Hashable, Sendable {
    /// From the smallest to the largest run at each x.
    case minMax
    /// Mean plus and minus `k` standard deviations (population, over the finite runs).
    case standardDeviations(Double)
    case none
}

/// Curves on x/y axes with round ticks, axis labels, a title, a legend, shaded bands and reference lines.
public struct LinePlotSpec: Hashable, Sendable {
    public var series: [Series]
    public var bands: [Band]
    public var referenceLines: [ReferenceLine]
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    /// Fixed axis ranges; nil fits the data and widens to round ticks.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var legend: LegendPosition
    /// Light horizontal lines at the y ticks.
    public var grid: Bool
    /// Size of tick labels and legend text, points.
    public var fontSize: Double

    public init(series: [Series] = [], bands: [Band] = [], referenceLines: [ReferenceLine] = [],
                title: String? = nil, xLabel: String? = nil, yLabel: String? = nil,
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                legend: LegendPosition = .best, grid: Bool = true, fontSize: Double = 7) {
        self.series = series; self.bands = bands; self.referenceLines = referenceLines; self.title = title
        self.xLabel = xLabel; self.yLabel = yLabel; self.xRange = xRange; self.yRange = yRange
        self.legend = legend; self.grid = grid; self.fontSize = fontSize
    }

    /// Adds several runs of one curve, as in Figure 2: each run a thin line (width 0.6, 45% opacity,
    /// out of the legend), their mean over runs a bold line (width 1.8) labeled `label`, and a band for
    /// the spread. `runs[r][k]` is run r at `x[k]`; NaN entries are left out of the mean and spread.
    public mutating func addRuns(_ runs: [[Double]], x: [Double], label: String?, color: Color,
                                 dash: DashStyle = .solid, spread: Spread = .minMax) {
        for run in runs {
            series.append(Series(x: x, y: run, color: color.withAlpha(0.45), width: 0.6, dash: dash))
        }
        var mean: [Double] = [], lower: [Double] = [], upper: [Double] = []
        for k in x.indices {
            let column = runs.compactMap { k < $0.count && $0[k].isFinite ? $0[k] : nil }
            guard !column.isEmpty else { mean.append(.nan); lower.append(.nan); upper.append(.nan); continue }
            let m = column.reduce(0, +) / Double(column.count)
            mean.append(m)
            switch spread {
            case .minMax, .none:
                lower.append(column.min() ?? m); upper.append(column.max() ?? m)
            case .standardDeviations(let factor):
                let variance = column.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(column.count)
                lower.append(m - factor * variance.squareRoot()); upper.append(m + factor * variance.squareRoot())
            }
        }
        if spread != .none { bands.append(Band(x: x, lower: lower, upper: upper, color: color.withAlpha(0.15))) }
        series.append(Series(x: x, y: mean, label: label, color: color, width: 1.8, dash: dash))
    }

    /// The axes actually drawn: the fixed ranges, or the data (series, bands, reference lines) widened to
    /// round ticks.
    public func resolvedAxes() -> (x: AxisScale, y: AxisScale) {
        func fit(_ values: [Double], fixed: ClosedRange<Double>?) -> AxisScale {
            if let fixed { return .fixed(fixed) }
            let finite = values.filter(\.isFinite)
            return .nice(finite.min() ?? 0, finite.max() ?? 1)
        }
        let xs = series.flatMap(\.x) + bands.flatMap(\.x)
        let ys = series.flatMap(\.y) + bands.flatMap(\.lower) + bands.flatMap(\.upper) + referenceLines.map(\.y)
        return (fit(xs, fixed: xRange), fit(ys, fixed: yRange))
    }

    /// The legend's entries, in order: labeled series, labeled bands, labeled reference lines.
    public var legendEntries: [String] {
        series.compactMap(\.label) + bands.compactMap(\.label) + referenceLines.compactMap(\.label)
    }

    /// Throws `.invalidSpec` naming the plot (`title`), the element and both counts.
    public func validate() throws(FiguresError) {
        let name = title.map { "line plot '\($0)'" } ?? "line plot"
        for (i, s) in series.enumerated() where s.x.count != s.y.count {
            throw .invalidSpec("\(name): series \(i) (\(s.label ?? "unlabeled")) has \(s.x.count) x but \(s.y.count) y values")
        }
        for (i, s) in series.enumerated() where !(s.width > 0) {
            throw .invalidSpec("\(name): series \(i) has line width \(s.width)")
        }
        for (i, b) in bands.enumerated() where b.lower.count != b.x.count || b.upper.count != b.x.count {
            throw .invalidSpec("\(name): band \(i) has \(b.x.count) x, \(b.lower.count) lower, \(b.upper.count) upper values")
        }
        for range in [xRange, yRange].compactMap({ $0 })
        where !(range.lowerBound.isFinite && range.upperBound.isFinite && range.lowerBound < range.upperBound) {
            throw .invalidSpec("\(name): axis range \(range) is empty or not finite")
        }
        guard fontSize > 0 else { throw .invalidSpec("\(name): font size \(fontSize)") }
    }
}
