import Foundation
import Figures

/// The box a recorded text occupies, from the recording canvas's metrics, alignment and rotation
/// (axis-aligned around the rotated text).
func box(of item: RecordingCanvas.TextItem, on canvas: RecordingCanvas) -> Rect {
    let e = canvas.textExtent(item.string, font: item.style.font)
    let dx: Double = switch item.style.horizontal { case .left: 0; case .center: -e.width / 2; case .right: -e.width }
    // Top of the text box relative to the anchor, in the text frame (y down).
    let yTop: Double = switch item.style.vertical {
        case .top: 0; case .center: -e.height / 2; case .baseline: -e.ascent; case .bottom: -e.height
    }
    // Corners in the text frame, rotated counter-clockwise on the page.
    let corners = [(dx, yTop), (dx + e.width, yTop), (dx, yTop + e.height), (dx + e.width, yTop + e.height)]
    let r = item.style.rotation * .pi / 180
    let points = corners.map { (x, y) in
        Point(x: item.point.x + x * cos(r) + y * sin(r), y: item.point.y - x * sin(r) + y * cos(r))
    }
    let xs = points.map(\.x), ys = points.map(\.y)
    let minX = xs.min() ?? 0, minY = ys.min() ?? 0
    return Rect(x: minX, y: minY, width: (xs.max() ?? 0) - minX, height: (ys.max() ?? 0) - minY)
}

/// Texts drawn outside the page (by more than a quarter point).
func textsOutsidePage(_ canvas: RecordingCanvas) -> [String] {
    let page = Rect(x: -0.25, y: -0.25, width: canvas.size.width + 0.5, height: canvas.size.height + 0.5)
    return canvas.texts.filter { item in
        let b = box(of: item, on: canvas)
        return !(page.contains(Point(x: b.minX, y: b.minY)) && page.contains(Point(x: b.maxX, y: b.maxY)))
    }.map(\.string)
}

/// Pairs of unrotated texts whose boxes overlap (rotated labels are checked by angle, not here).
func overlappingTexts(_ canvas: RecordingCanvas) -> [(String, String)] {
    let items = canvas.texts.filter { $0.style.rotation == 0 }
    let boxes = items.map { box(of: $0, on: canvas).inset(top: 0.2, left: 0.2, bottom: 0.2, right: 0.2) }
    var pairs: [(String, String)] = []
    for i in boxes.indices { for j in boxes.indices where j > i && boxes[i].intersects(boxes[j]) {
        pairs.append((items[i].string, items[j].string))
    } }
    return pairs
}

/// Draws `figure` on a recording canvas of its size.
func record(_ figure: PanelFigure) throws -> RecordingCanvas {
    let canvas = RecordingCanvas(size: figure.size)
    try draw(figure, on: canvas)
    return canvas
}
