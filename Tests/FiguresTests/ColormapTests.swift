import Figures
import Testing

@Suite struct ColormapTests {
    @Test func viridisMatchesItsTableAtKnownPoints() {
        #expect(Colormap.viridis.color(at: 0).hex == 0x440154)
        #expect(Colormap.viridis.color(at: 1).hex == 0xfde725)
        // Matplotlib's viridis(0.5) is entry 128 of 256, #21918c; 0.5 lies between entries 127 and 128.
        let mid = Colormap.viridis.color(at: 0.5)
        #expect(abs(mid.red * 255 - 0x21) <= 1.5 && abs(mid.green * 255 - 0x91) <= 1.5 && abs(mid.blue * 255 - 0x8c) <= 1.5)
        // Out-of-range values clamp to the ends.
        #expect(Colormap.viridis.color(at: -3).hex == 0x440154)
        #expect(Colormap.viridis.color(at: 7).hex == 0xfde725)
    }

    @Test func viridisGetsLighterMonotonically() {
        let luminances = (0...50).map { Colormap.viridis.color(at: Double($0) / 50).relativeLuminance }
        #expect(zip(luminances, luminances.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func divergingIsWhiteAtZeroBlueBelowRedAbove() {
        let scale = ColorScale(colormap: .diverging, range: -2...2)
        let zero = scale.color(for: 0)
        #expect(zero.hex == 0xf7f7f7)
        #expect(zero.relativeLuminance > 0.9)
        let negative = scale.color(for: -2), positive = scale.color(for: 2)
        #expect(negative.blue > negative.red && positive.red > positive.blue)
        #expect(negative.hex == 0x053061 && positive.hex == 0x67001f)
        // Symmetric values are equally far from white.
        let a = scale.color(for: -1).relativeLuminance, b = scale.color(for: 1).relativeLuminance
        #expect(abs(a - b) < 0.15)
    }

    @Test func automaticScalePicksColormapBySign() {
        let oneSigned = ColorScale.automatic(for: [0.2, 0.9, .nan, 0.5])
        #expect(oneSigned.colormap == .viridis && oneSigned.range == 0.2...0.9)
        let negative = ColorScale.automatic(for: [-3, -1])
        #expect(negative.colormap == .viridis && negative.range == -3...(-1))
        let signed = ColorScale.automatic(for: [-0.5, 2, .infinity])
        #expect(signed.colormap == .diverging && signed.range == -2...2)
        #expect(ColorScale.automatic(for: [4, 4]).range == 3.5...4.5)
        #expect(ColorScale.automatic(for: [Double]()).range == 0...1)
    }

    @Test func sharedScaleCoversEveryMatrix() {
        let scale = ColorScale.shared([[[0.1, 0.3]], [[2.5, 0.2]], [[-1.0, 0]]])
        #expect(scale.colormap == .diverging && scale.range == -2.5...2.5)
    }

    @Test func contrastingTextIsWhiteOnDarkAndBlackOnLight() {
        #expect(Colormap.viridis.color(at: 0).contrastingText == .white)
        #expect(Colormap.viridis.color(at: 1).contrastingText == .black)
        #expect(Colormap.diverging.color(at: 0.5).contrastingText == .black)
        #expect(Colormap.diverging.color(at: 0).contrastingText == .white)
        #expect(Color(hex: 0x777777).contrastingText == .black)
        #expect(Color(hex: 0x555555).contrastingText == .white)
    }
}

@Suite struct TickTests {
    @Test func ticksForZeroToPointNineThreeAreTenthsOfTwo() {
        let axis = AxisScale.nice(0, 0.93)
        #expect(axis.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(axis.lower == 0 && axis.upper == 1 && axis.step == 0.2)
        #expect(axis.ticks.map(axis.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    @Test func ticksForEpochsAndNegativeRanges() {
        let epochs = AxisScale.nice(0, 300)
        #expect(epochs.ticks == [0, 100, 200, 300])
        #expect(epochs.ticks.map(epochs.label) == ["0", "100", "200", "300"])
        let signed = AxisScale.nice(-0.85, 1)
        #expect(signed.lower == -1 && signed.upper == 1)
        #expect(signed.ticks == [-1, -0.5, 0, 0.5, 1])
        let small = AxisScale.nice(0.0012, 0.0087)
        #expect(small.step == 0.002 && small.ticks == [0, 0.002, 0.004, 0.006, 0.008, 0.01])
        #expect(small.label(0.004) == "0.004" && small.label(0) == "0.000")
    }

    @Test func fixedRangeKeepsItsEndsAndListsInsideTicks() {
        let axis = AxisScale.fixed(-2.5...2.5)
        #expect(axis.lower == -2.5 && axis.upper == 2.5)
        #expect(axis.ticks == [-2, -1, 0, 1, 2])
        let units = AxisScale.fixed(-3...3)
        #expect(units.ticks == [-3, -2, -1, 0, 1, 2, 3])
        #expect(units.ticks.map(units.label) == ["-3", "-2", "-1", "0", "1", "2", "3"])
        #expect(AxisScale.nice(0, 0.093).label(0.02) == "0.02")
        #expect(AxisScale.fixed(0.12...1).ticks == [0.2, 0.4, 0.6, 0.8, 1.0])
        let degenerate = AxisScale.nice(3, 3)
        #expect(degenerate.lower < 3 && degenerate.upper > 3 && degenerate.ticks.contains(3))
    }

    @Test func valueFormats() {
        #expect(ValueFormat.fixed(2).string(0.456) == "0.46")
        #expect(ValueFormat.fixed(2).string(-0.001) == "0.00")
        #expect(ValueFormat.fixed(1).string(-0.25) == "-0.2" || ValueFormat.fixed(1).string(-0.25) == "-0.3")
        #expect(ValueFormat.scientific(1).string(1234) == "1.2e+03")
        #expect(ValueFormat.significant(2).string(0.012345) == "0.012")
        #expect(ValueFormat.percent(0).string(0.5) == "50%")
        #expect(ValueFormat.fixed(2).string(.nan) == "NaN")
    }
}
