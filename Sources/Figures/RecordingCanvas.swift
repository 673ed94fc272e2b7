/// A canvas that records the primitives drawn on it, for exact tests of what a plot draws.
///
/// Text metrics are a fixed approximation of DejaVu Sans (advance 0.6 em per character, ascent 0.93 em,
/// descent 0.24 em), so layouts are deterministic without a font library.
public final class RecordingCanvas: Canvas {
    /// One recorded drawing call.
    public enum Primitive: Hashable, Sendable {
        case fill(Rect, Color)
        case strokeRect(Rect, Stroke)
        case polyline([Point], Stroke)
        case polygon([Point], Color)
        case text(String, Point, TextStyle)
        case pushClip(Rect)
        case popClip
    }

    /// A recorded text call.
    public struct TextItem: Hashable, Sendable {
        public var string: String
        public var point: Point
        public var style: TextStyle
    }

    /// Canvas size in points.
    public let size: Size
    /// Every call, in drawing order.
    public private(set) var primitives: [Primitive] = []

    public init(size: Size) { self.size = size }

    /// The text calls, in drawing order.
    public var texts: [TextItem] {
        primitives.compactMap { if case .text(let s, let p, let style) = $0 { TextItem(string: s, point: p, style: style) } else { nil } }
    }
    /// The filled rectangles with their colors, in drawing order.
    public var fills: [(rect: Rect, color: Color)] {
        primitives.compactMap { if case .fill(let r, let c) = $0 { (r, c) } else { nil } }
    }
    /// The polylines with their strokes, in drawing order.
    public var polylines: [(points: [Point], stroke: Stroke)] {
        primitives.compactMap { if case .polyline(let p, let s) = $0 { (p, s) } else { nil } }
    }
    /// The filled polygons with their colors, in drawing order.
    public var polygons: [(points: [Point], color: Color)] {
        primitives.compactMap { if case .polygon(let p, let c) = $0 { (p, c) } else { nil } }
    }

    public func fill(_ rect: Rect, color: Color) { primitives.append(.fill(rect, color)) }
    public func stroke(_ rect: Rect, with stroke: Stroke) { primitives.append(.strokeRect(rect, stroke)) }
    public func polyline(_ points: [Point], stroke: Stroke) { primitives.append(.polyline(points, stroke)) }
    public func fillPolygon(_ points: [Point], color: Color) { primitives.append(.polygon(points, color)) }
    public func text(_ string: String, at point: Point, style: TextStyle) {
        primitives.append(.text(string, point, style))
    }
    public func textExtent(_ string: String, font: Font) -> TextExtent {
        TextExtent(width: 0.6 * font.size * Double(string.count), ascent: 0.93 * font.size,
                   descent: 0.24 * font.size)
    }
    public func pushClip(_ rect: Rect) { primitives.append(.pushClip(rect)) }
    public func popClip() { primitives.append(.popClip) }
}
