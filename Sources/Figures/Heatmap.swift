/// A matrix drawn as colored cells, with row and column labels, optional value annotations and a colorbar.
///
/// `values[i][j]` is the cell in row `i` (top to bottom) and column `j` (left to right); all rows have
/// `columnLabels.count` entries and there are `rowLabels.count` rows. NaN cells are drawn light gray
/// with a diagonal hatch and no annotation.
public struct HeatmapSpec: Hashable, Sendable {
    public var values: [[Double]]
    public var rowLabels: [String]
    public var columnLabels: [String]
    public var title: String?
    /// Axis titles below the column labels and left of the row labels.
    public var xLabel: String?
    public var yLabel: String?
    /// Colors; nil picks `ColorScale.automatic(for:)` from this matrix alone. Give the same scale to
    /// several heatmaps to compare them on one scale (`ColorScale.shared`).
    public var scale: ColorScale?
    /// How cell values are written; nil draws no annotations.
    public var annotationFormat: ValueFormat?
    /// Whether this panel draws its own colorbar (turn off when a `PanelFigure` draws a shared one).
    public var showsColorbar: Bool
    /// Text next to the colorbar, rotated.
    public var colorbarLabel: String?
    /// Size of labels and tick labels, points.
    public var fontSize: Double

    public init(values: [[Double]], rowLabels: [String], columnLabels: [String], title: String? = nil,
                xLabel: String? = nil, yLabel: String? = nil, scale: ColorScale? = nil,
                annotationFormat: ValueFormat? = .fixed(2), showsColorbar: Bool = true,
                colorbarLabel: String? = nil, fontSize: Double = 7) {
        self.values = values; self.rowLabels = rowLabels; self.columnLabels = columnLabels
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.scale = scale
        self.annotationFormat = annotationFormat; self.showsColorbar = showsColorbar
        self.colorbarLabel = colorbarLabel; self.fontSize = fontSize
    }

    /// The square matrix with the same labels on both axes (task names).
    public init(values: [[Double]], labels: [String], title: String? = nil, scale: ColorScale? = nil,
                annotationFormat: ValueFormat? = .fixed(2)) {
        self.init(values: values, rowLabels: labels, columnLabels: labels, title: title, scale: scale,
                  annotationFormat: annotationFormat)
    }

    /// The scale actually used: `scale`, or the automatic one for `values`.
    public var resolvedScale: ColorScale { scale ?? ColorScale.automatic(for: values.lazy.flatMap { $0 }) }

    /// Throws `.invalidSpec` naming the heatmap (`title`) and the mismatching counts.
    public func validate() throws(FiguresError) {
        let name = title.map { "heatmap '\($0)'" } ?? "heatmap"
        guard !values.isEmpty, rowLabels.count == values.count else {
            throw .invalidSpec("\(name): \(values.count) rows of values but \(rowLabels.count) row labels")
        }
        for (i, row) in values.enumerated() where row.count != columnLabels.count {
            throw .invalidSpec("\(name): row \(i) has \(row.count) values but there are \(columnLabels.count) column labels")
        }
        guard !columnLabels.isEmpty else { throw .invalidSpec("\(name): no columns") }
        if let scale, !(scale.range.lowerBound.isFinite && scale.range.upperBound.isFinite) {
            throw .invalidSpec("\(name): color range \(scale.range) is not finite")
        }
        guard fontSize > 0 else { throw .invalidSpec("\(name): font size \(fontSize)") }
    }
}

/// Fill and hatch of NaN cells.
let missingCellColor = Color(hex: 0xd9d9d9)
let missingHatch = Stroke(color: Color(hex: 0x8c8c8c), width: 0.5)

extension HeatmapSpec {
    /// Draws the heatmap inside `rect`, the title (if any) within the top `header` points.
    func draw(on canvas: some Canvas, in rect: Rect, header: Double) {
        let scale = resolvedScale
        let tickFont = Font(size: fontSize)
        let labelFont = Font(size: fontSize + 0.5)
        let titleFont = Font(size: fontSize + 1.5, weight: .bold)
        let rows = values.count, columns = columnLabels.count
        let gap = 3.0, tick = 2.5

        // Space taken by everything but the cells.
        var top = rect.minY + header
        if let title, header == 0 { top += canvas.textExtent(title, font: titleFont).height + 4 }
        let rowLabelWidth = rowLabels.map { canvas.textExtent($0, font: tickFont).width }.max() ?? 0
        let yLabelWidth = yLabel.map { canvas.textExtent($0, font: labelFont).height + gap } ?? 0
        let xLabelHeight = xLabel.map { canvas.textExtent($0, font: labelFont).height + gap } ?? 0
        let colorbarWidth = showsColorbar
            ? colorbarExtent(canvas: canvas, scale: scale, font: tickFont, label: colorbarLabel, labelFont: labelFont) : 0
        let lineHeight = canvas.textExtent("Ag", font: tickFont).height
        let columnWidths = columnLabels.map { canvas.textExtent($0, font: tickFont).width }
        let widest = columnWidths.max() ?? 0

        func cellSize(left: Double, labelBand: Double) -> Double {
            let width = rect.maxX - left - colorbarWidth
            let height = rect.maxY - top - labelBand - xLabelHeight
            return max(1, min(width / Double(columns), height / Double(rows)))
        }
        var left = rect.minX + yLabelWidth + rowLabelWidth + gap + tick
        var rotated = false
        var cell = cellSize(left: left, labelBand: tick + gap + lineHeight)
        if widest > cell - 2 {
            rotated = true
            let s = 0.5.squareRoot()
            let band = tick + gap + (widest + lineHeight) * s
            // Column 0's label runs down-left from its cell center; keep it inside the panel.
            let overhang = columnWidths[0] * s + lineHeight * s / 2
            cell = cellSize(left: left, labelBand: band)
            left = max(left, rect.minX + overhang - cell / 2)
            cell = cellSize(left: left, labelBand: band)
        }
        let labelBand = rotated ? tick + gap + (widest + lineHeight) * 0.5.squareRoot() : tick + gap + lineHeight
        let gridWidth = cell * Double(columns), gridHeight = cell * Double(rows)
        // Center the block (grid and colorbar) in the space left over.
        let spareX = max(0, rect.maxX - left - colorbarWidth - gridWidth)
        let spareY = max(0, rect.maxY - top - labelBand - xLabelHeight - gridHeight)
        let grid = Rect(x: left + spareX / 2, y: top + spareY / 2, width: gridWidth, height: gridHeight)

        drawCells(on: canvas, grid: grid, cell: cell, scale: scale, tickFont: tickFont)

        // Row labels and ticks.
        let axis = Stroke(color: .black, width: 0.6)
        for (i, label) in rowLabels.enumerated() {
            let y = grid.minY + (Double(i) + 0.5) * cell
            canvas.line(from: Point(x: grid.minX - tick, y: y), to: Point(x: grid.minX, y: y), stroke: axis)
            canvas.text(label, at: Point(x: grid.minX - tick - gap, y: y),
                        style: TextStyle(font: tickFont, horizontal: .right, vertical: .center))
        }
        // Column labels and ticks, horizontal when they fit, else at 45 degrees.
        for (j, label) in columnLabels.enumerated() {
            let x = grid.minX + (Double(j) + 0.5) * cell
            canvas.line(from: Point(x: x, y: grid.maxY), to: Point(x: x, y: grid.maxY + tick), stroke: axis)
            let anchor = Point(x: x, y: grid.maxY + tick + gap)
            canvas.text(label, at: anchor, style: rotated
                        ? TextStyle(font: tickFont, horizontal: .right, vertical: .center, rotation: 45)
                        : TextStyle(font: tickFont, horizontal: .center, vertical: .top))
        }
        if let xLabel {
            canvas.text(xLabel, at: Point(x: grid.midX, y: grid.maxY + labelBand + gap),
                        style: TextStyle(font: labelFont, horizontal: .center, vertical: .top))
        }
        if let yLabel {
            canvas.text(yLabel, at: Point(x: grid.minX - tick - gap - rowLabelWidth - gap, y: grid.midY),
                        style: TextStyle(font: labelFont, horizontal: .center, vertical: .bottom, rotation: 90))
        }
        if let title {
            let y = header > 0 ? rect.minY : top - 4
            canvas.text(title, at: Point(x: grid.midX, y: y),
                        style: TextStyle(font: titleFont, horizontal: .center, vertical: header > 0 ? .top : .bottom))
        }
        if showsColorbar {
            let bar = Rect(x: grid.maxX + 8, y: grid.minY, width: 9, height: grid.height)
            drawColorbar(on: canvas, bar: bar, scale: scale, font: tickFont, label: colorbarLabel, labelFont: labelFont)
        }
    }

    private func drawCells(on canvas: some Canvas, grid: Rect, cell: Double, scale: ColorScale, tickFont: Font) {
        // Annotation size: at most the tick size, small enough that the widest value fits in a cell.
        let texts = values.map { row in row.map { value in annotationFormat.map { $0.string(value) } ?? "" } }
        let widestText = texts.flatMap { $0 }.max { $0.count < $1.count } ?? ""
        var annotationFont = Font(size: min(fontSize, cell * 0.32))
        let width = canvas.textExtent(widestText, font: annotationFont).width
        if width > cell * 0.78 { annotationFont.size *= cell * 0.78 / width }

        for (i, row) in values.enumerated() {
            for (j, value) in row.enumerated() {
                let box = Rect(x: grid.minX + Double(j) * cell, y: grid.minY + Double(i) * cell, width: cell, height: cell)
                // Cells overlap by a hair so antialiasing leaves no seams between them.
                let filled = Rect(x: box.x, y: box.y, width: box.width + (j + 1 < row.count ? 0.3 : 0),
                                  height: box.height + (i + 1 < values.count ? 0.3 : 0))
                guard value.isFinite else {
                    canvas.fill(filled, color: missingCellColor)
                    canvas.line(from: Point(x: box.minX, y: box.maxY), to: Point(x: box.maxX, y: box.minY), stroke: missingHatch)
                    continue
                }
                let color = scale.color(for: value)
                canvas.fill(filled, color: color)
                if annotationFormat != nil, annotationFont.size >= 3 {
                    canvas.text(texts[i][j], at: Point(x: box.midX, y: box.midY),
                                style: TextStyle(font: annotationFont, color: color.contrastingText,
                                                 horizontal: .center, vertical: .center))
                }
            }
        }
    }
}

// MARK: - Colorbar

/// Width of a colorbar with its ticks, tick labels and label, starting 8 points right of the grid.
func colorbarExtent(canvas: some Canvas, scale: ColorScale, font: Font, label: String?, labelFont: Font) -> Double {
    let ticks = AxisScale.fixed(scale.range, maxTicks: 6)
    let labelWidth = ticks.ticks.map { canvas.textExtent(ticks.label($0), font: font).width }.max() ?? 0
    let title = label.map { canvas.textExtent($0, font: labelFont).height + 4 } ?? 0
    return 8 + 9 + 2.5 + 2 + labelWidth + title + 2
}

/// Draws a vertical colorbar in `bar` (low values at the bottom) with round ticks on its right.
func drawColorbar(on canvas: some Canvas, bar: Rect, scale: ColorScale, font: Font, label: String?, labelFont: Font) {
    let slices = 128
    let sliceHeight = bar.height / Double(slices)
    for k in 0..<slices {
        // Slice k covers fractions [k, k+1] / slices from the bottom; its color is taken at the middle.
        let t = (Double(k) + 0.5) / Double(slices)
        let y = bar.maxY - Double(k + 1) * sliceHeight
        canvas.fill(Rect(x: bar.minX, y: y, width: bar.width, height: sliceHeight + (k + 1 < slices ? 0.3 : 0)),
                    color: scale.colormap.color(at: t))
    }
    let axis = Stroke(color: .black, width: 0.6)
    canvas.stroke(bar, with: axis)
    let ticks = AxisScale.fixed(scale.range, maxTicks: 6)
    var labelRight = bar.maxX
    for value in ticks.ticks {
        let y = bar.maxY - scale.normalized(value) * bar.height
        canvas.line(from: Point(x: bar.maxX, y: y), to: Point(x: bar.maxX + 2.5, y: y), stroke: axis)
        let text = ticks.label(value)
        canvas.text(text, at: Point(x: bar.maxX + 4.5, y: y), style: TextStyle(font: font, vertical: .center))
        labelRight = max(labelRight, bar.maxX + 4.5 + canvas.textExtent(text, font: font).width)
    }
    if let label {
        canvas.text(label, at: Point(x: labelRight + 4, y: bar.midY),
                    style: TextStyle(font: labelFont, horizontal: .center, vertical: .bottom, rotation: -90))
    }
}
