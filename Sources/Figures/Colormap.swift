/// A continuous colormap: evenly spaced color stops interpolated linearly in sRGB.
public struct Colormap: Hashable, Sendable {
    /// A short name (`viridis`, `diverging`).
    public let name: String
    /// Colors at 0, 1/(n-1), ..., 1.
    public let stops: [Color]

    public init(name: String, stops: [Color]) { self.name = name; self.stops = stops }

    /// The color at `t` in [0, 1] (clamped). NaN gives the first stop; callers draw NaN separately.
    public func color(at t: Double) -> Color {
        guard stops.count > 1 else { return stops.first ?? .black }
        let clamped = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = clamped * Double(stops.count - 1)
        let index = min(Int(position), stops.count - 2)
        return stops[index].mixed(with: stops[index + 1], position - Double(index))
    }

    /// Viridis (perceptually uniform, for one-signed data): viridis(0) = #440154, viridis(0.5) = #21918c,
    /// viridis(1) = #fde725. 65 stops sampled every 4th entry of the 256-entry table by van der Walt and
    /// Smith (CC0); linear interpolation stays within 0.5/255 of the full table.
    public static let viridis = Colormap(name: "viridis", stops: [
        0x440154, 0x46075a, 0x470d60, 0x471365, 0x48186a, 0x481d6f, 0x482374, 0x482878,
        0x472d7b, 0x46327e, 0x453781, 0x443b84, 0x424086, 0x404588, 0x3e4989, 0x3d4e8a,
        0x3b528b, 0x39568c, 0x375b8d, 0x355f8d, 0x33638d, 0x31678e, 0x2f6b8e, 0x2e6f8e,
        0x2c728e, 0x2a768e, 0x297a8e, 0x277e8e, 0x26828e, 0x25858e, 0x23898e, 0x228d8d,
        0x21918c, 0x1f948c, 0x1f988b, 0x1e9c89, 0x1fa088, 0x20a386, 0x22a785, 0x25ab82,
        0x28ae80, 0x2db27d, 0x32b67a, 0x38b977, 0x3fbc73, 0x46c06f, 0x4ec36b, 0x56c667,
        0x5ec962, 0x67cc5c, 0x70cf57, 0x7ad151, 0x84d44b, 0x8ed645, 0x98d83e, 0xa2da37,
        0xaddc30, 0xb8de29, 0xc2df23, 0xcde11d, 0xd8e219, 0xe2e418, 0xece51b, 0xf6e620,
        0xfde725,
    ].map { Color(hex: $0) })

    /// Diverging blue - white - red for signed data (ColorBrewer RdBu, reversed so negative is blue):
    /// #053061 at 0, #f7f7f7 at 0.5, #67001f at 1. Use it with a range centered on zero.
    public static let diverging = Colormap(name: "diverging", stops: [
        0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d, 0xb2182b, 0x67001f,
    ].map { Color(hex: $0) })
}

/// A colormap applied to a value range: how heatmap values become colors.
public struct ColorScale: Hashable, Sendable {
    public var colormap: Colormap
    /// Values at or below `range.lowerBound` get the colormap's first color, at or above the upper its last.
    public var range: ClosedRange<Double>

    public init(colormap: Colormap, range: ClosedRange<Double>) { self.colormap = colormap; self.range = range }

    /// `value` mapped to [0, 1] (unclamped; NaN stays NaN).
    public func normalized(_ value: Double) -> Double {
        let span = range.upperBound - range.lowerBound
        return span > 0 ? (value - range.lowerBound) / span : 0.5
    }

    /// The color of `value` (NaN gives the first color; heatmaps draw NaN cells distinctly).
    public func color(for value: Double) -> Color { colormap.color(at: normalized(value)) }

    /// The scale a careful figure uses for `values` (NaN and infinities ignored): viridis over
    /// [min, max] when all values have one sign, the diverging map over [-m, m], m = max |value|, when
    /// they have both signs. A constant or empty input gets a unit-wide range around its value.
    public static func automatic(for values: some Sequence<Double>) -> ColorScale {
        var low = Double.infinity, high = -Double.infinity
        for value in values where value.isFinite { low = min(low, value); high = max(high, value) }
        guard low <= high else { return ColorScale(colormap: .viridis, range: 0...1) }
        if low < 0 && high > 0 {
            let m = max(-low, high)
            return ColorScale(colormap: .diverging, range: -m...m)
        }
        if low == high { return ColorScale(colormap: .viridis, range: (low - 0.5)...(high + 0.5)) }
        return ColorScale(colormap: .viridis, range: low...high)
    }

    /// One scale for several matrices (Figure 3: six heatmaps on one color scale).
    public static func shared(_ matrices: [[[Double]]]) -> ColorScale {
        automatic(for: matrices.lazy.flatMap { $0.lazy.flatMap { $0 } })
    }
}
