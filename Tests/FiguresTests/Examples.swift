import Figures
import Foundation

/// Plausible figures of each kind, shaped like the paper's, used by the layout and file tests.
enum Examples {
    static let cifarClasses = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    /// A 10 x 10 one-signed affinity: living classes (2...7) and vehicles form two blocks.
    static var cifarAffinity: [[Double]] {
        let living: Set<Int> = [2, 3, 4, 5, 6, 7]
        return (0..<10).map { i in
            (0..<10).map { j in
                if i == j { return 1 }
                let same = living.contains(i) == living.contains(j)
                return (same ? 0.55 : 0.12) + 0.03 * Double((i * 7 + j * 3) % 5)
            }
        }
    }

    static var heatmap: PanelFigure {
        PanelFigure(.heatmap(HeatmapSpec(values: cifarAffinity, rowLabels: cifarClasses, columnLabels: cifarClasses,
                                         title: "CIFAR-10 linear affinity", colorbarLabel: "normalized M2")),
                    widthInches: 4.2, heightInches: 3.6)
    }

    static let tasks = ["task 1", "task 2", "task 3", "task 4"]
    static let signed: [[Double]] = [
        [1.00, 0.42, -0.31, -0.85],
        [0.42, 1.00, -0.58, .nan],
        [-0.31, -0.58, 1.00, -0.12],
        [-0.85, -0.61, -0.12, 1.00],
    ]

    static var signedHeatmap: PanelFigure {
        PanelFigure(.heatmap(HeatmapSpec(values: signed, rowLabels: tasks, columnLabels: tasks,
                                         title: "Synthetic linear affinity", xLabel: "task b", yLabel: "task a")),
                    widthInches: 3.2, heightInches: 2.8)
    }

    /// Five runs of an alignment curve on epochs 0, 4, ..., 300 rising from about 0.4 to 0.9.
    static func runs(base: Double, rise: Double, seed: Int) -> (x: [Double], runs: [[Double]]) {
        let x = stride(from: 0.0, through: 300, by: 4).map { $0 }
        let runs = (0..<5).map { r in
            x.map { e in
                let phase: Double = e / 9 + Double(r * 5 + seed)
                let wiggle: Double = 0.03 * sin(phase) * exp(-e / 150)
                let trend: Double = base + rise * (1 - exp(-e / 40))
                return trend + wiggle + 0.02 * Double(r - 2)
            }
        }
        return (x, runs)
    }

    static var linePlotSpec: LinePlotSpec {
        var plot = LinePlotSpec(referenceLines: [ReferenceLine(y: 0.8, label: "0.8 threshold")],
                                title: "Cross-run NTK alignment", xLabel: "epoch", yLabel: "alignment")
        let diagonal = runs(base: 0.85, rise: 0.1, seed: 0)
        plot.addRuns(diagonal.runs, x: diagonal.x, label: "diagonal blocks", color: .blue)
        let off = runs(base: 0.45, rise: 0.45, seed: 3)
        plot.addRuns(off.runs, x: off.x, label: "off-diagonal blocks", color: .red)
        return plot
    }

    static var linePlot: PanelFigure { PanelFigure(.linePlot(linePlotSpec), widthInches: 4, heightInches: 2.8) }

    /// Figure 3's layout: six heatmaps at epochs on one shared scale, with one colorbar.
    static var panels: PanelFigure {
        let epochs = [0, 20, 52, 100, 200, 300]
        let matrices = epochs.map { epoch in
            (0..<4).map { a in
                (0..<4).map { b -> Double in
                    let e = Double(epoch) / 300
                    if a == b { return 2.0 + e }
                    if (a, b) == (0, 1) || (a, b) == (1, 0) { return 0.2 + 1.4 * e }
                    if a == 3 || b == 3 { return -0.3 - 0.4 * e }
                    return 0.1 + 0.3 * e * Double(a + b) / 3
                }
            }
        }
        let shared = ColorScale.shared(matrices)
        let panels = zip(epochs, matrices).map { epoch, m in
            Panel.heatmap(HeatmapSpec(values: m, rowLabels: ["1", "2", "3", "4"], columnLabels: ["1", "2", "3", "4"],
                                      title: "epoch \(epoch)", scale: shared, annotationFormat: .fixed(2),
                                      showsColorbar: false))
        }
        return PanelFigure(panels: panels, columns: 3, title: "Task affinity S from the mean over 5 runs",
                           widthInches: 7, heightInches: 4.8, sharedColorbar: SharedColorbar(scale: shared, label: "S[a → b]"))
    }

    /// Figure 2's layout: three line plots side by side.
    static var linePanels: PanelFigure {
        var a = LinePlotSpec(title: "Diagonal blocks", xLabel: "epoch", yLabel: "alignment")
        let target = runs(base: 0.15, rise: 0.05, seed: 1)
        a.addRuns(target.runs, x: target.x, label: "A(K, yyᵀ)", color: .red)
        let deviation = runs(base: 0.6, rise: 0.1, seed: 2)
        a.addRuns(deviation.runs, x: deviation.x, label: "A(K, G)", color: .blue)
        var b = LinePlotSpec(title: "Diagonal vs off-diagonal", xLabel: "epoch", yLabel: "A(K, G)", legend: .outsideRight)
        for (i, block) in ["1→2", "1→3", "2→3"].enumerated() {
            let r = runs(base: 0.1 * Double(i), rise: 0.3, seed: 4 + i)
            b.addRuns(r.runs, x: r.x, label: block, color: Color.tab10[2 + i], spread: .none)
        }
        let d = runs(base: 0.6, rise: 0.1, seed: 9)
        b.addRuns(d.runs, x: d.x, label: "diagonal", color: .gray(0.5), dash: .dotted, spread: .none)
        return PanelFigure(panels: [.linePlot(a), .linePlot(b), .linePlot(linePlotSpec)], columns: 3,
                           widthInches: 10, heightInches: 2.9)
    }

    /// Figure 1's layout: the CIFAR-10 and synthetic heatmaps side by side, each with its own colorbar.
    static var heatmapPanels: PanelFigure {
        let cifar = HeatmapSpec(values: cifarAffinity, rowLabels: cifarClasses, columnLabels: cifarClasses,
                                title: "CIFAR-10", xLabel: "task b", yLabel: "task a")
        let synthetic = HeatmapSpec(values: signed, rowLabels: tasks, columnLabels: tasks, title: "Synthetic",
                                    xLabel: "task b", yLabel: "task a", annotationFormat: .fixed(2))
        return PanelFigure(panels: [.heatmap(cifar), .heatmap(synthetic)], columns: 2, widthInches: 8, heightInches: 3.6)
    }

    static let all: [(name: String, figure: PanelFigure)] = [
        ("panels-1x2-heatmaps", heatmapPanels),
        ("heatmap-cifar", heatmap), ("heatmap-signed", signedHeatmap), ("lineplot", linePlot),
        ("panels-2x3", panels), ("panels-1x3", linePanels),
    ]
}
