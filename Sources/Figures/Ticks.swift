internal import Foundation

/// An axis range with tick positions at round numbers (Heckbert's "nice numbers": steps of 1, 2 or 5
/// times a power of ten).
public struct AxisScale: Hashable, Sendable {
    /// The drawn range.
    public var lower: Double
    public var upper: Double
    /// Distance between ticks.
    public var step: Double
    /// Tick positions inside [lower, upper], ascending.
    public var ticks: [Double]

    /// Round ticks for data spanning [low, high], at most about `maxTicks` of them.
    /// With `expand`, the range grows outwards to the enclosing ticks ([0, 0.93] gives 0, 0.2, ..., 1.0);
    /// without, the range is kept, the step comes from the span itself, and only the ticks inside the
    /// range are listed ([-3, 3] gives -3, -2, ..., 3).
    public static func nice(_ low: Double, _ high: Double, maxTicks: Int = 6, expand: Bool = true) -> AxisScale {
        var low = low.isFinite ? low : 0, high = high.isFinite ? high : 1
        if low > high { swap(&low, &high) }
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad; high += pad
        }
        // Expanding: Heckbert's loose labeling (nice range, then nice step). Fixed: the step is taken
        // from the actual span, so a bar from -3 to 3 gets ticks at every unit, not only -2, 0, 2.
        let span = expand ? niceNumber(high - low, round: false) : high - low
        let step = niceNumber(span / Double(max(maxTicks - 1, 1)), round: true)
        let first = (low / step - 1e-9).rounded(.up), last = (high / step + 1e-9).rounded(.down)
        let lower = expand ? (low / step + 1e-9).rounded(.down) * step : low
        let upper = expand ? (high / step - 1e-9).rounded(.up) * step : high
        let from = expand ? (lower / step).rounded() : first, to = expand ? (upper / step).rounded() : last
        var ticks: [Double] = []
        if from <= to { for k in stride(from: from, through: to, by: 1) { ticks.append(clean(k * step, step: step)) } }
        return AxisScale(lower: expand ? clean(lower, step: step) : lower,
                         upper: expand ? clean(upper, step: step) : upper, step: step, ticks: ticks)
    }

    /// A fixed range with nice ticks inside it.
    public static func fixed(_ range: ClosedRange<Double>, maxTicks: Int = 6) -> AxisScale {
        nice(range.lowerBound, range.upperBound, maxTicks: maxTicks, expand: false)
    }

    /// Decimals needed to write the ticks exactly (0 for steps of 1 or more).
    public var decimals: Int { max(0, Int((-log10(step) - 1e-9).rounded(.up))) }

    /// The label of a tick: fixed notation with `decimals` digits, never "-0".
    public func label(_ value: Double) -> String { ValueFormat.fixed(decimals).string(value) }

    /// Heckbert's nice number: 1, 2, 5 or 10 times a power of ten, rounded or at least `x`.
    static func niceNumber(_ x: Double, round: Bool) -> Double {
        let exponent = floor(log10(x))
        let fraction = x / pow(10, exponent)
        let nice: Double
        if round { nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10 }
        else { nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10 }
        return nice * pow(10, exponent)
    }

    /// `value` rounded to the decimals of `step`, so 3 * 0.2 is 0.6 and not 0.6000000000000001.
    static func clean(_ value: Double, step: Double) -> Double {
        let digits = max(0, Int((-log10(step)).rounded(.up)) + 2)
        let scale = pow(10, Double(min(digits, 15)))
        let result = (value * scale).rounded() / scale
        return result == 0 ? 0 : result
    }
}

/// How a number is written in a heatmap cell or a label.
public enum ValueFormat: Hashable, Sendable {
    /// `%.Nf`: 0.73 with 2.
    case fixed(Int)
    /// `%.Ne`: 7.3e-01 with 1.
    case scientific(Int)
    /// `%.Ng`: N significant digits.
    case significant(Int)
    /// Fixed with N decimals times 100, followed by %.
    case percent(Int)

    /// `value` written in this format; NaN is "NaN", and a negative value that rounds to zero loses its sign.
    public func string(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        var text: String
        switch self {
        case .fixed(let n): text = String(format: "%.\(max(0, n))f", value)
        case .scientific(let n): text = String(format: "%.\(max(0, n))e", value)
        case .significant(let n): text = String(format: "%.\(max(1, n))g", value)
        case .percent(let n): text = String(format: "%.\(max(0, n))f%%", value * 100)
        }
        if text.hasPrefix("-"), !text.contains(where: { ("1"..."9").contains($0) }) { text.removeFirst() }
        return text
    }
}
