import Figures
import Testing

@Suite struct HeatmapTests {
    /// The cell fills of a drawn heatmap: the first rows * columns fills after the background.
    func cells(_ canvas: RecordingCanvas, count: Int) -> [(rect: Rect, color: Color)] { Array(canvas.fills.prefix(count)) }

    @Test func cellsAreColoredByTheScaleAndAnnotatedWithContrast() throws {
        let canvas = try record(Examples.heatmap)
        let spec = HeatmapSpec(values: Examples.cifarAffinity, labels: Examples.cifarClasses)
        let scale = spec.resolvedScale
        #expect(scale.colormap == .viridis)
        #expect(scale.range.lowerBound == 0.12 && scale.range.upperBound == 1)
        let fills = cells(canvas, count: 100)
        for (k, fill) in fills.enumerated() {
            #expect(fill.color == scale.color(for: Examples.cifarAffinity[k / 10][k % 10]))
        }
        // Diagonal cells are the maximum (viridis yellow) and the smallest value is viridis purple.
        #expect(fills[0].color.hex == 0xfde725)
        #expect(fills[5].color.hex == 0x440154)  // airplane -> dog = 0.12, the minimum
        // Cells are square, in a row-major grid.
        #expect(abs(fills[0].rect.width - fills[0].rect.height) < 0.31)
        #expect(fills[1].rect.x > fills[0].rect.x && fills[10].rect.y > fills[0].rect.y)

        let texts = canvas.texts
        let airplaneCat = try #require(texts.first { $0.string == "0.12" })
        #expect(airplaneCat.style.color == .white)
        let diagonal = try #require(texts.first { $0.string == "1.00" })
        #expect(diagonal.style.color == .black)
        #expect(texts.filter { $0.string == "1.00" }.count == 10)
    }

    @Test func labelsOnBothAxesRotatedWhenLong() throws {
        let canvas = try record(Examples.heatmap)
        for name in Examples.cifarClasses {
            let drawn = canvas.texts.filter { $0.string == name }
            #expect(drawn.count == 2)
            #expect(drawn.contains { $0.style.rotation == 0 && $0.style.horizontal == .right })
            #expect(drawn.contains { $0.style.rotation == 45 })
        }
        let short = try record(Examples.signedHeatmap)
        #expect(short.texts.filter { $0.string == "task 1" }.allSatisfy { $0.style.rotation == 0 })
    }

    @Test func colorbarHasRoundTicksAndTheFullColormap() throws {
        let canvas = try record(Examples.signedHeatmap)
        // Signed data: diverging map centered on zero, range [-1, 1].
        let labels = Set(canvas.texts.map(\.string))
        for tick in ["-1.0", "-0.5", "0.0", "0.5", "1.0"] { #expect(labels.contains(tick)) }
        // The bar's slices run from the map's low end at the bottom to its high end at the top.
        let slices = Array(canvas.fills.suffix(128))
        #expect(slices.first?.color == Colormap.diverging.color(at: 0.5 / 128))
        #expect(slices.last?.color == Colormap.diverging.color(at: 127.5 / 128))
        #expect((slices.first?.rect.y ?? 0) > (slices.last?.rect.y ?? 0))
    }

    @Test func nanCellsAreGrayHatchedAndUnannotated() throws {
        let canvas = try record(Examples.signedHeatmap)
        let fills = cells(canvas, count: 16)
        #expect(fills[7].color == Color(hex: 0xd9d9d9))
        let cell = fills[7].rect
        // Row 1, column 3: last column (no overlap on the right), overlapping the row below by 0.3.
        func near(_ a: Point, _ b: Point) -> Bool { abs(a.x - b.x) < 1e-9 && abs(a.y - b.y) < 1e-9 }
        #expect(canvas.polylines.contains { line in
            line.points.count == 2 && line.stroke.color == Color(hex: 0x8c8c8c)
                && near(line.points[0], Point(x: cell.minX, y: cell.maxY - 0.3)) && near(line.points[1], Point(x: cell.maxX, y: cell.minY))
        })
        #expect(!canvas.texts.contains { $0.string == "NaN" })
        for value in ["0.42", "-0.31", "-0.85", "-0.58", "-0.61", "-0.12"] {
            #expect(canvas.texts.contains { $0.string == value && $0.style.horizontal == .center })
        }
    }

    @Test func sharedScaleGivesEqualValuesEqualColorsAcrossPanels() throws {
        let canvas = try record(Examples.panels)
        let letters = canvas.texts.filter { $0.style.font.weight == .bold && $0.string.count == 1 }.map(\.string)
        #expect(letters == ["a", "b", "c", "d", "e", "f"])
        for epoch in ["epoch 0", "epoch 20", "epoch 52", "epoch 100", "epoch 200", "epoch 300"] {
            #expect(canvas.texts.contains { $0.string == epoch })
        }
        // Diagonal 2.0 + e: epoch 0's top-left cell is 2.0, epoch 300's is 3.0, the shared maximum.
        let fills = canvas.fills.map(\.color)
        let scale = ColorScale.shared([[[2.0, -0.7, 3.0]]])
        #expect(fills.contains(scale.color(for: 2.0)))
        #expect(fills.contains(Colormap.diverging.color(at: 1)))
        // One shared colorbar, ticks at every unit of the symmetric range [-3, 3].
        let strings = canvas.texts.map(\.string)
        for tick in ["-3", "-2", "-1", "0"] { #expect(strings.filter { $0 == tick }.count == 1) }
        // "1", "2", "3" are also the task labels on both axes of six panels.
        for tick in ["1", "2", "3"] { #expect(strings.filter { $0 == tick }.count == 6 * 2 + 1) }
        #expect(strings.contains("S[a → b]"))
    }

    @Test func mismatchedLabelsAreRejectedByName() {
        let spec = HeatmapSpec(values: [[1, 2], [3, 4]], rowLabels: ["a"], columnLabels: ["x", "y"], title: "fig1b")
        #expect(throws: FiguresError.invalidSpec("heatmap 'fig1b': 2 rows of values but 1 row labels")) {
            try spec.validate()
        }
        let ragged = HeatmapSpec(values: [[1, 2], [3]], rowLabels: ["a", "b"], columnLabels: ["x", "y"])
        #expect(throws: FiguresError.invalidSpec("heatmap: row 1 has 1 values but there are 2 column labels")) {
            try draw(PanelFigure(.heatmap(ragged), widthInches: 3, heightInches: 3), on: RecordingCanvas(size: Size(width: 216, height: 216)))
        }
    }
}
