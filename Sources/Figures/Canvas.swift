internal import Foundation

/// Font weight of DejaVu Sans text.
public enum FontWeight: String, Hashable, Sendable { case regular, bold }

/// A font: DejaVu Sans at `size` points.
public struct Font: Hashable, Sendable {
    public var size: Double
    public var weight: FontWeight
    public init(size: Double, weight: FontWeight = .regular) { self.size = size; self.weight = weight }
}

/// Where the anchor point sits on the text, along the text direction.
public enum HorizontalAlignment: String, Hashable, Sendable { case left, center, right }

/// Where the anchor point sits on the text, across the text direction.
public enum VerticalAlignment: String, Hashable, Sendable {
    /// The anchor is at the font's ascent line.
    case top
    /// The anchor is halfway between ascent and descent lines.
    case center
    /// The anchor is on the baseline.
    case baseline
    /// The anchor is at the font's descent line.
    case bottom
}

/// How a string is drawn: font, color, alignment relative to the anchor point, and rotation.
public struct TextStyle: Hashable, Sendable {
    public var font: Font
    public var color: Color
    public var horizontal: HorizontalAlignment
    public var vertical: VerticalAlignment
    /// Counter-clockwise rotation about the anchor, in degrees (90 reads bottom to top).
    public var rotation: Double

    public init(font: Font, color: Color = .black, horizontal: HorizontalAlignment = .left,
                vertical: VerticalAlignment = .baseline, rotation: Double = 0) {
        self.font = font; self.color = color; self.horizontal = horizontal; self.vertical = vertical
        self.rotation = rotation
    }
}

/// Metrics of a string: advance width, and the font's ascent and descent, in points.
public struct TextExtent: Hashable, Sendable {
    public var width: Double
    public var ascent: Double
    public var descent: Double
    public init(width: Double, ascent: Double, descent: Double) {
        self.width = width; self.ascent = ascent; self.descent = descent
    }
    /// Ascent plus descent.
    public var height: Double { ascent + descent }

    /// Size of the axis-aligned box around the text rotated by `degrees`.
    public func boundingSize(rotation degrees: Double) -> Size {
        let radians = degrees * .pi / 180
        let c = abs(cos(radians)), s = abs(sin(radians))
        return Size(width: width * c + height * s, height: width * s + height * c)
    }
}

/// A dash pattern; lengths scale with the line width so thin and bold lines look alike.
public enum DashStyle: Hashable, Sendable {
    case solid, dashed, dotted, dashDot
    /// Explicit on/off lengths in points, not scaled.
    case custom([Double])

    /// On/off lengths in points for a line `width` points wide (matplotlib's patterns); empty when solid.
    public func pattern(width: Double) -> [Double] {
        let scale = max(width, 1)
        switch self {
        case .solid: return []
        case .dashed: return [3.7 * scale, 1.6 * scale]
        case .dotted: return [1 * scale, 1.65 * scale]
        case .dashDot: return [6.4 * scale, 1.6 * scale, 1 * scale, 1.6 * scale]
        case .custom(let lengths): return lengths
        }
    }
}

/// How a line is stroked: color, width in points, dash.
public struct Stroke: Hashable, Sendable {
    public var color: Color
    public var width: Double
    public var dash: DashStyle
    public init(color: Color, width: Double = 1, dash: DashStyle = .solid) {
        self.color = color; self.width = width; self.dash = dash
    }
}

/// The drawing primitives every plot is made of. Coordinates are points (1/72 inch) from the top-left
/// corner, y down. `CairoCanvas` draws them into PNG, PDF or SVG files; `RecordingCanvas` records them.
public protocol Canvas: AnyObject {
    /// Fills a rectangle.
    func fill(_ rect: Rect, color: Color)
    /// Strokes a rectangle's outline.
    func stroke(_ rect: Rect, with stroke: Stroke)
    /// Strokes an open polyline through `points` (two points make a line).
    func polyline(_ points: [Point], stroke: Stroke)
    /// Fills the closed polygon through `points` (used for bands).
    func fillPolygon(_ points: [Point], color: Color)
    /// Draws `string` anchored at `point`.
    func text(_ string: String, at point: Point, style: TextStyle)
    /// The metrics of `string` in `font`.
    func textExtent(_ string: String, font: Font) -> TextExtent
    /// Restricts drawing to `rect` until the matching `popClip`.
    func pushClip(_ rect: Rect)
    /// Removes the innermost clip.
    func popClip()
}

extension Canvas {
    /// Strokes the segment from `a` to `b`.
    public func line(from a: Point, to b: Point, stroke: Stroke) { polyline([a, b], stroke: stroke) }
}
