internal import ReproSupport
internal import Foundation

/// One cell of a figure's grid.
public enum Panel: Hashable, Sendable {
    case heatmap(HeatmapSpec)
    case linePlot(LinePlotSpec)
    /// Leaves the cell blank (no letter).
    case empty
}

/// A colorbar drawn once at the right of the whole figure, for heatmaps sharing one scale.
public struct SharedColorbar: Hashable, Sendable {
    public var scale: ColorScale
    public var label: String?
    public init(scale: ColorScale, label: String? = nil) { self.scale = scale; self.label = label }
}

/// A figure: panels in a grid (row-major, `columns` per row), each with a bold panel letter (a, b, c...)
/// at its top-left, an optional title above, and an optional shared colorbar at the right.
/// Size is in inches; text sizes in points.
public struct PanelFigure: Hashable, Sendable {
    public var panels: [Panel]
    public var columns: Int
    public var title: String?
    public var widthInches: Double
    public var heightInches: Double
    public var panelLetters: Bool
    public var sharedColorbar: SharedColorbar?

    public init(panels: [Panel], columns: Int, title: String? = nil, widthInches: Double, heightInches: Double,
                panelLetters: Bool = true, sharedColorbar: SharedColorbar? = nil) {
        self.panels = panels; self.columns = columns; self.title = title; self.widthInches = widthInches
        self.heightInches = heightInches; self.panelLetters = panelLetters; self.sharedColorbar = sharedColorbar
    }

    /// A figure of one panel, without a letter.
    public init(_ panel: Panel, widthInches: Double, heightInches: Double, title: String? = nil) {
        self.init(panels: [panel], columns: 1, title: title, widthInches: widthInches,
                  heightInches: heightInches, panelLetters: false)
    }

    /// Rows of the grid.
    public var rows: Int { columns > 0 ? (panels.count + columns - 1) / columns : 0 }

    /// Page size in points.
    public var size: Size { Size(width: widthInches * 72, height: heightInches * 72) }

    /// Throws `.invalidSize` or `.invalidSpec` naming the panel and what is wrong with it.
    public func validate() throws(FiguresError) {
        guard widthInches > 0, heightInches > 0, widthInches.isFinite, heightInches.isFinite else {
            throw .invalidSize("\(widthInches) x \(heightInches) in")
        }
        guard columns > 0, !panels.isEmpty else {
            throw .invalidSpec("figure '\(title ?? "")': \(panels.count) panels in \(columns) columns")
        }
        for panel in panels {
            switch panel {
            case .heatmap(let spec): try spec.validate()
            case .linePlot(let spec): try spec.validate()
            case .empty: break
            }
        }
    }
}

/// Draws `figure` on `canvas` (whose size should be `figure.size`). Throws `.invalidSpec` first if a
/// panel is inconsistent.
public func draw(_ figure: PanelFigure, on canvas: some Canvas) throws(FiguresError) {
    try figure.validate()
    let margin = 6.0, hGap = 12.0, vGap = 10.0
    let page = figure.size
    var area = Rect(x: margin, y: margin, width: page.width - 2 * margin, height: page.height - 2 * margin)

    if let title = figure.title {
        let font = Font(size: 10, weight: .bold)
        canvas.text(title, at: Point(x: page.width / 2, y: area.minY),
                    style: TextStyle(font: font, horizontal: .center, vertical: .top))
        area = area.inset(top: canvas.textExtent(title, font: font).height + 6)
    }
    let tickFont = Font(size: 7), labelFont = Font(size: 7.5)
    if let shared = figure.sharedColorbar {
        let width = colorbarExtent(canvas: canvas, scale: shared.scale, font: tickFont, label: shared.label, labelFont: labelFont)
        let barHeight = area.height * 0.7
        let bar = Rect(x: area.maxX - width + 8, y: area.midY - barHeight / 2, width: 9, height: barHeight)
        drawColorbar(on: canvas, bar: bar, scale: shared.scale, font: tickFont, label: shared.label, labelFont: labelFont)
        area = area.inset(right: width)
    }

    let columns = figure.columns, rows = figure.rows
    let cellWidth = (area.width - hGap * Double(columns - 1)) / Double(columns)
    let cellHeight = (area.height - vGap * Double(rows - 1)) / Double(rows)
    let letterFont = Font(size: 10, weight: .bold)
    var letterIndex = 0
    for (index, panel) in figure.panels.enumerated() {
        let rect = Rect(x: area.minX + Double(index % columns) * (cellWidth + hGap),
                        y: area.minY + Double(index / columns) * (cellHeight + vGap),
                        width: cellWidth, height: cellHeight)
        var header = 0.0
        if figure.panelLetters, panel != .empty {
            let letter = panelLetter(letterIndex)
            letterIndex += 1
            canvas.text(letter, at: Point(x: rect.minX, y: rect.minY),
                        style: TextStyle(font: letterFont, horizontal: .left, vertical: .top))
            header = canvas.textExtent(letter, font: letterFont).height + 3
        }
        switch panel {
        case .heatmap(let spec):
            let titleHeight = spec.title.map { canvas.textExtent($0, font: Font(size: spec.fontSize + 1.5, weight: .bold)).height + 4 } ?? 0
            spec.draw(on: canvas, in: rect, header: max(header, titleHeight))
        case .linePlot(let spec):
            let titleHeight = spec.title.map { canvas.textExtent($0, font: Font(size: spec.fontSize + 1.5, weight: .bold)).height + 4 } ?? 0
            spec.draw(on: canvas, in: rect, header: max(header, titleHeight))
        case .empty: break
        }
    }
}

/// "a", "b", ..., "z", "aa", "ab", ...
func panelLetter(_ index: Int) -> String {
    let letters = Array("abcdefghijklmnopqrstuvwxyz")
    return index < 26 ? String(letters[index]) : panelLetter(index / 26 - 1) + String(letters[index % 26])
}

/// Renders `figure` to `path` as `format`: PNG at `dpi` (pixels = inches * dpi), or PDF / SVG (vector,
/// `dpi` unused). The file is written beside its target and committed with ReproSupport's
/// `AtomicFile` (fsync, rename, fsync of the folder), so a failed render leaves no partial file.
/// Identical figures give byte-identical files.
public func render(_ figure: PanelFigure, to path: String, format: ImageFormat, dpi: Double = 300) throws(FiguresError) {
    try figure.validate()
    do {
        try AtomicFile.write(to: path) { (temporary: String) throws(FiguresError) in
            let canvas = try CairoCanvas(path: temporary, format: format, widthInches: figure.widthInches,
                                         heightInches: figure.heightInches, dpi: dpi)
            try draw(figure, on: canvas)
            try canvas.finish()
        }
    } catch let error as FiguresError {
        throw error
    } catch let SupportError.io(operation, file, code) {
        throw FiguresError.io(operation: operation, path: file, errno: code)
    } catch {
        throw FiguresError.io(operation: "commit (\(error))", path: path, errno: 0)
    }
}
