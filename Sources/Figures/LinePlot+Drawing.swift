extension LinePlotSpec {
    /// Draws the plot inside `rect`, the title (if any) within the top `header` points.
    func draw(on canvas: some Canvas, in rect: Rect, header: Double) {
        let (xAxis, yAxis) = resolvedAxes()
        let tickFont = Font(size: fontSize)
        let labelFont = Font(size: fontSize + 0.5)
        let titleFont = Font(size: fontSize + 1.5, weight: .bold)
        let tick = 3.0, gap = 2.5
        let lineHeight = canvas.textExtent("0", font: tickFont).height

        var top = rect.minY + header
        if let title, header == 0 { top += canvas.textExtent(title, font: titleFont).height + 4 }
        top += lineHeight / 2  // room for the top y tick label
        let yTickWidth = yAxis.ticks.map { canvas.textExtent(yAxis.label($0), font: tickFont).width }.max() ?? 0
        let yLabelWidth = yLabel.map { canvas.textExtent($0, font: labelFont).height + gap } ?? 0
        let left = rect.minX + yLabelWidth + yTickWidth + gap + tick
        let lastXLabel = xAxis.ticks.last.map { canvas.textExtent(xAxis.label($0), font: tickFont).width } ?? 0
        var right = rect.maxX - lastXLabel / 2 - 1
        let bottom = rect.maxY - tick - gap - lineHeight - (xLabel.map { canvas.textExtent($0, font: labelFont).height + gap } ?? 0)

        let legendLayout = LegendLayout(spec: self, canvas: canvas, font: tickFont)
        if legend == .outsideRight, let legendLayout {
            right = min(right, rect.maxX - legendLayout.size.width - 6)
        }
        let plot = Rect(x: left, y: top, width: max(1, right - left), height: max(1, bottom - top))
        func map(_ x: Double, _ y: Double) -> Point {
            Point(x: plot.minX + (x - xAxis.lower) / (xAxis.upper - xAxis.lower) * plot.width,
                  y: plot.maxY - (y - yAxis.lower) / (yAxis.upper - yAxis.lower) * plot.height)
        }

        // Grid, bands, reference lines and curves, clipped to the plot area.
        if grid {
            for y in yAxis.ticks where y > yAxis.lower && y < yAxis.upper {
                let p = map(xAxis.lower, y)
                canvas.line(from: p, to: Point(x: plot.maxX, y: p.y), stroke: Stroke(color: .gray(0.9), width: 0.5))
            }
        }
        canvas.pushClip(plot)
        for band in bands {
            for run in finiteRuns(band.x.indices.map { k in (band.x[k], band.lower[k], band.upper[k]) }) {
                let lowerEdge = run.map { map($0.0, $0.1) }
                let upperEdge = run.reversed().map { map($0.0, $0.2) }
                canvas.fillPolygon(lowerEdge + upperEdge, color: band.color)
            }
        }
        for reference in referenceLines {
            canvas.line(from: map(xAxis.lower, reference.y), to: map(xAxis.upper, reference.y), stroke: reference.stroke)
        }
        for s in series {
            for run in finiteRuns(s.x.indices.map { k in (s.x[k], s.y[k], s.y[k]) }) where run.count > 1 {
                canvas.polyline(run.map { map($0.0, $0.1) }, stroke: Stroke(color: s.color, width: s.width, dash: s.dash))
            }
        }
        canvas.popClip()

        // Frame, ticks and labels.
        let axis = Stroke(color: .black, width: 0.8)
        canvas.stroke(plot, with: axis)
        for x in xAxis.ticks {
            let p = map(x, yAxis.lower)
            canvas.line(from: Point(x: p.x, y: plot.maxY), to: Point(x: p.x, y: plot.maxY + tick), stroke: axis)
            canvas.text(xAxis.label(x), at: Point(x: p.x, y: plot.maxY + tick + gap),
                        style: TextStyle(font: tickFont, horizontal: .center, vertical: .top))
        }
        for y in yAxis.ticks {
            let p = map(xAxis.lower, y)
            canvas.line(from: Point(x: plot.minX - tick, y: p.y), to: Point(x: plot.minX, y: p.y), stroke: axis)
            canvas.text(yAxis.label(y), at: Point(x: plot.minX - tick - gap, y: p.y),
                        style: TextStyle(font: tickFont, horizontal: .right, vertical: .center))
        }
        if let xLabel {
            canvas.text(xLabel, at: Point(x: plot.midX, y: plot.maxY + tick + gap + lineHeight + gap),
                        style: TextStyle(font: labelFont, horizontal: .center, vertical: .top))
        }
        if let yLabel {
            canvas.text(yLabel, at: Point(x: plot.minX - tick - gap - yTickWidth - gap, y: plot.midY),
                        style: TextStyle(font: labelFont, horizontal: .center, vertical: .bottom, rotation: 90))
        }
        if let title {
            let y = header > 0 ? rect.minY : rect.minY + canvas.textExtent(title, font: titleFont).height
            canvas.text(title, at: Point(x: plot.midX, y: y),
                        style: TextStyle(font: titleFont, horizontal: .center, vertical: header > 0 ? .top : .bottom))
        }
        if legend != .none, let legendLayout {
            legendLayout.draw(on: canvas, at: legendLayout.origin(for: legend, plot: plot, avoiding: dataSamples(map: map)))
        }
    }
}

extension LinePlotSpec {
    /// Points along every drawn curve (every 2 points of length) and across every band (every 3
    /// points), in canvas coordinates: what a legend should not cover.
    func dataSamples(map: (Double, Double) -> Point) -> [Point] {
        var samples: [Point] = []
        for s in series {
            for run in finiteRuns(s.x.indices.map { k in (s.x[k], s.y[k], s.y[k]) }) {
                let points = run.map { map($0.0, $0.1) }
                samples.append(contentsOf: points)
                for (a, b) in zip(points, points.dropFirst()) {
                    let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                    let steps = Int(length / 2)
                    if steps > 1 {
                        for k in 1..<steps {
                            let t = Double(k) / Double(steps)
                            samples.append(Point(x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t))
                        }
                    }
                }
            }
        }
        for band in bands {
            for k in band.x.indices where band.x[k].isFinite && band.lower[k].isFinite && band.upper[k].isFinite {
                let low = map(band.x[k], band.lower[k]), high = map(band.x[k], band.upper[k])
                let steps = max(1, Int(abs(low.y - high.y) / 3))
                for i in 0...steps { samples.append(Point(x: low.x, y: low.y + (high.y - low.y) * Double(i) / Double(steps))) }
            }
        }
        return samples
    }
}

/// Maximal stretches of consecutive entries whose three values are all finite.
func finiteRuns(_ values: [(Double, Double, Double)]) -> [[(Double, Double, Double)]] {
    var runs: [[(Double, Double, Double)]] = [], current: [(Double, Double, Double)] = []
    for v in values {
        if v.0.isFinite && v.1.isFinite && v.2.isFinite { current.append(v) }
        else if !current.isEmpty { runs.append(current); current = [] }
    }
    if !current.isEmpty { runs.append(current) }
    return runs
}

/// The legend box: one row per labeled series, band or reference line, a line or swatch then the text.
struct LegendLayout {
    enum Key { case line(Stroke), swatch(Color) }
    let entries: [(key: Key, text: String)]
    let font: Font
    let rowHeight: Double
    let size: Size
    static let padding = 4.0, sample = 16.0, sampleGap = 4.0, margin = 4.0

    init?(spec: LinePlotSpec, canvas: some Canvas, font: Font) {
        var entries: [(Key, String)] = []
        for s in spec.series { if let label = s.label { entries.append((.line(Stroke(color: s.color, width: s.width, dash: s.dash)), label)) } }
        for b in spec.bands { if let label = b.label { entries.append((.swatch(b.color), label)) } }
        for r in spec.referenceLines { if let label = r.label { entries.append((.line(r.stroke), label)) } }
        guard !entries.isEmpty else { return nil }
        self.entries = entries
        self.font = font
        rowHeight = canvas.textExtent("Ag", font: font).height * 1.2
        let textWidth = entries.map { canvas.textExtent($0.1, font: font).width }.max() ?? 0
        size = Size(width: 2 * Self.padding + Self.sample + Self.sampleGap + textWidth,
                    height: 2 * Self.padding + rowHeight * Double(entries.count))
    }

    /// Top-left corner of the box: the requested corner, or for `.best` the first of nine inside
    /// positions (upper right, upper left, lower left, lower right, center right, center left, lower
    /// center, upper center, center) covering the fewest of `points`.
    func origin(for position: LegendPosition, plot: Rect, avoiding points: [Point]) -> Point {
        let m = Self.margin
        let left = plot.minX + m, right = plot.maxX - m - size.width, center = plot.midX - size.width / 2
        let top = plot.minY + m, bottom = plot.maxY - m - size.height, middle = plot.midY - size.height / 2
        switch position {
        case .outsideRight: return Point(x: plot.maxX + 6, y: plot.minY)
        case .upperRight: return Point(x: right, y: top)
        case .upperLeft: return Point(x: left, y: top)
        case .lowerRight: return Point(x: right, y: bottom)
        case .lowerLeft: return Point(x: left, y: bottom)
        case .best, .none:
            let candidates = [Point(x: right, y: top), Point(x: left, y: top), Point(x: left, y: bottom),
                              Point(x: right, y: bottom), Point(x: right, y: middle), Point(x: left, y: middle),
                              Point(x: center, y: bottom), Point(x: center, y: top), Point(x: center, y: middle)]
            let counts = candidates.map { origin in
                let box = Rect(x: origin.x, y: origin.y, width: size.width, height: size.height)
                return points.reduce(0) { $0 + (box.contains($1) ? 1 : 0) }
            }
            let best = counts.indices.min { counts[$0] < counts[$1] } ?? 0
            return candidates[best]
        }
    }

    func draw(on canvas: some Canvas, at origin: Point) {
        let box = Rect(x: origin.x, y: origin.y, width: size.width, height: size.height)
        canvas.fill(box, color: Color.white.withAlpha(0.85))
        canvas.stroke(box, with: Stroke(color: .gray(0.75), width: 0.5))
        for (row, entry) in entries.enumerated() {
            let y = origin.y + Self.padding + (Double(row) + 0.5) * rowHeight
            let x = origin.x + Self.padding
            switch entry.key {
            case .line(let stroke):
                canvas.line(from: Point(x: x, y: y), to: Point(x: x + Self.sample, y: y),
                            stroke: Stroke(color: stroke.color.withAlpha(1), width: stroke.width, dash: stroke.dash))
            case .swatch(let color):
                canvas.fill(Rect(x: x, y: y - rowHeight * 0.3, width: Self.sample, height: rowHeight * 0.6), color: color)
            }
            canvas.text(entry.text, at: Point(x: x + Self.sample + Self.sampleGap, y: y),
                        style: TextStyle(font: font, vertical: .center))
        }
    }
}
