import Figures
import Testing

@Suite struct LinePlotTests {
    @Test func runsBecomeThinLinesABoldMeanAndABand() {
        var plot = LinePlotSpec()
        plot.addRuns([[0, 1, 2], [2, 3, .nan], [4, 5, 6]], x: [0, 1, 2], label: "mean", color: .blue)
        #expect(plot.series.count == 4)
        #expect(plot.series.prefix(3).allSatisfy { $0.label == nil && $0.width < 1 && $0.color.alpha < 1 })
        let mean = plot.series[3]
        #expect(mean.label == "mean" && mean.width > 1.5 && mean.color == .blue)
        #expect(mean.y == [2, 3, 4])  // NaN left out of the last mean: (2 + 6) / 2
        #expect(plot.bands.count == 1)
        #expect(plot.bands[0].lower == [0, 1, 2] && plot.bands[0].upper == [4, 5, 6])
        var sd = LinePlotSpec()
        sd.addRuns([[1], [3]], x: [0], label: nil, color: .red, spread: .standardDeviations(2))
        #expect(sd.bands[0].lower == [0] && sd.bands[0].upper == [4])
    }

    @Test func axesAreRoundAndCoverEverything() {
        let (x, y) = Examples.linePlotSpec.resolvedAxes()
        #expect(x.lower == 0 && x.upper == 300 && x.ticks == [0, 100, 200, 300])
        #expect(y.lower >= 0 && y.upper == 1 && y.ticks.contains(0.8))
        let fixed = LinePlotSpec(series: [Series(x: [0, 1], y: [5, 6], color: .black)], yRange: 0...1).resolvedAxes()
        #expect(fixed.y.lower == 0 && fixed.y.upper == 1 && fixed.y.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        let small = LinePlotSpec(series: [Series(x: [0, 10], y: [0, 0.93], color: .black)]).resolvedAxes()
        #expect(small.y.ticks == [0, 0.2, 0.4, 0.6, 0.8, 1.0] && small.x.ticks == [0, 2, 4, 6, 8, 10])
    }

    @Test func drawsTicksLabelsLegendAndReferenceLine() throws {
        let canvas = try record(Examples.linePlot)
        let strings = canvas.texts.map(\.string)
        for tick in ["0", "100", "200", "300", "0.4", "0.6", "0.8", "1.0"] { #expect(strings.contains(tick)) }
        #expect(strings.contains("epoch") && strings.contains("Cross-run NTK alignment"))
        let yLabel = try #require(canvas.texts.first { $0.string == "alignment" })
        #expect(yLabel.style.rotation == 90)
        #expect(Examples.linePlotSpec.legendEntries == ["diagonal blocks", "off-diagonal blocks", "0.8 threshold"])
        for entry in Examples.linePlotSpec.legendEntries { #expect(strings.contains(entry)) }

        // The plot frame is the one stroked rectangle with width 0.8; data are clipped to it.
        let frame = try #require(canvas.primitives.compactMap { p -> Rect? in
            if case .strokeRect(let r, let s) = p, s.width == 0.8 { r } else { nil }
        }.first)
        #expect(canvas.primitives.contains(.pushClip(frame)))
        // The 0.8 line is dashed, horizontal, at 80% of the height when y runs 0.4...1 (or wherever 0.8 maps).
        let y = Examples.linePlotSpec.resolvedAxes().y
        let expectedY = frame.maxY - (0.8 - y.lower) / (y.upper - y.lower) * frame.height
        #expect(canvas.polylines.contains { line in
            line.stroke.dash == .dashed && line.points.count == 2 && abs(line.points[0].y - expectedY) < 1e-9
                && abs(line.points[1].y - expectedY) < 1e-9 && line.points[0].x == frame.minX && line.points[1].x == frame.maxX
        })
        // 10 thin runs + 2 bold means, each one unbroken polyline of 76 points; 2 bands of 152 points.
        let curves = canvas.polylines.filter { $0.points.count == 76 }
        #expect(curves.count == 12)
        #expect(curves.filter { $0.stroke.width == 1.8 }.count == 2)
        #expect(canvas.polygons.count == 2 && canvas.polygons.allSatisfy { $0.points.count == 152 })
        // Mean curve starts at the left edge of the frame.
        #expect(curves.allSatisfy { abs($0.points[0].x - frame.minX) < 1e-9 && abs($0.points[75].x - frame.maxX) < 1e-9 })
    }

    @Test func nanBreaksALine() throws {
        let plot = LinePlotSpec(series: [Series(x: [0, 1, 2, 3, 4], y: [1, 2, .nan, 3, 4], color: .black, width: 1.1)])
        let canvas = try record(PanelFigure(.linePlot(plot), widthInches: 3, heightInches: 2))
        #expect(canvas.polylines.filter { $0.stroke.width == 1.1 }.map(\.points.count) == [2, 2])
    }

    @Test func legendAvoidsTheData() throws {
        // Data fill the upper right; the legend must go elsewhere.
        let plot = LinePlotSpec(series: [Series(x: Array(stride(from: 0.0, through: 10, by: 0.25)),
                                                y: stride(from: 0.0, through: 10, by: 0.25).map { $0 * $0 / 10 }, label: "rising", color: .red)])
        let canvas = try record(PanelFigure(.linePlot(plot), widthInches: 3, heightInches: 2))
        let entry = try #require(canvas.texts.first { $0.string == "rising" })
        let frame = try #require(canvas.primitives.compactMap { p -> Rect? in
            if case .strokeRect(let r, let s) = p, s.width == 0.8 { r } else { nil }
        }.first)
        #expect(entry.point.x < frame.midX && entry.point.y < frame.midY)  // upper left
    }

    @Test func bestLegendCoversNoCurveInAnyExamplePanel() throws {
        for figure in [Examples.linePlot, Examples.linePanels] {
            let canvas = try record(figure)
            let legends = canvas.fills.filter { $0.color == Color.white.withAlpha(0.85) }.map(\.rect)
            #expect(!legends.isEmpty)
            for legend in legends {
                let covered = canvas.polylines.filter { $0.points.count > 2 }.flatMap(\.points).filter { legend.contains($0) }
                #expect(covered.isEmpty, "legend at \(legend) covers \(covered.count) curve points")
            }
        }
    }

    @Test func mismatchedSeriesAreRejectedByName() {
        let plot = LinePlotSpec(series: [Series(x: [0, 1], y: [1], label: "K vs G", color: .black)], title: "fig2a")
        #expect(throws: FiguresError.invalidSpec("line plot 'fig2a': series 0 (K vs G) has 2 x but 1 y values")) {
            try plot.validate()
        }
        let band = LinePlotSpec(bands: [Band(x: [0, 1], lower: [0], upper: [1, 2], color: .black)])
        #expect(throws: FiguresError.self) { try band.validate() }
    }
}

@Suite struct LayoutTests {
    @Test(arguments: Examples.all.map(\.name))
    func nothingIsCutOffOrOverlapping(name: String) throws {
        let figure = try #require(Examples.all.first { $0.name == name }?.figure)
        let canvas = try record(figure)
        #expect(textsOutsidePage(canvas) == [])
        let overlaps = overlappingTexts(canvas)
        #expect(overlaps.isEmpty, "\(overlaps)")
    }
}
