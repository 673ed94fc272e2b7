import Figures
import Foundation
import Pipeline
import ReproSupport
import Testing
@testable import Stages
import StagesTestSupport
import TestSupport

@Suite struct FigureStageTests {
    @Test func everyFigureIsWrittenAsPNGAndPDF() throws {
        let project = try StagesProject(paperPipeline())
        let report = try project.run()
        #expect(report.failed.isEmpty, "\(report.failed)")
        #expect(report.skipped.isEmpty)
        for figure in PaperFigure.allCases {
            let png = try #require(project.read("paper/figures/\(figure.rawValue).png"), "\(figure)")
            let size = try #require(pngSize(png))
            // 200 dpi by default: pixels = inches * 200.
            #expect(size.width == Int((figure.defaultSize.width * 200).rounded(.up)) || size.width == Int(figure.defaultSize.width * 200),
                    "\(figure): \(size)")
            #expect(size.height == Int((figure.defaultSize.height * 200).rounded(.up)) || size.height == Int(figure.defaultSize.height * 200))
            #expect(png.count > 20_000, "\(figure): \(png.count) bytes")
            let pdf = try #require(project.read("paper/figures/\(figure.rawValue).pdf"))
            #expect(pdf.starts(with: Data("%PDF-".utf8)))
            #expect(pdf.count > 5_000)
            #expect(String(decoding: pdf.suffix(8), as: UTF8.self).contains("%%EOF"))
        }
        if let preview = ProcessInfo.processInfo.environment["STAGES_PREVIEW"] {
            try FileManager.default.createDirectory(atPath: preview + "/tiny", withIntermediateDirectories: true)
            for figure in PaperFigure.allCases {
                let name = "\(figure.rawValue).png"
                try? FileManager.default.removeItem(atPath: preview + "/tiny/" + name)
                try FileManager.default.copyItem(atPath: project.root + "/paper/figures/" + name, toPath: preview + "/tiny/" + name)
            }
        }
    }

    /// With `STAGES_PREVIEW=folder`, renders every figure from fake data at the paper's scale (5 runs,
    /// epochs 0, 4, ..., 300, Figure 3 at its default epochs) into `folder/paper`, to look at.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["STAGES_PREVIEW"] != nil))
    func previewAtPaperScale() throws {
        let preview = try #require(ProcessInfo.processInfo.environment["STAGES_PREVIEW"]) + "/paper"
        let epochs = JSONValue.array(stride(from: 0, through: 300, by: 4).map { .int(Int64($0)) })
        let scale: [String: JSONValue] = ["runs": 5, "epochs": epochs]
        let project = try StagesProject(paperPipeline(analysis: ["alignment": scale, "affinity": scale],
                                                      figures: ["fig3": ["epochs": [0, 20, 52, 100, 200, 300]]]))
        let report = try project.run()
        #expect(report.failed.isEmpty, "\(report.failed)")
        try? FileManager.default.removeItem(atPath: preview)
        try FileManager.default.copyItem(atPath: project.root + "/paper", toPath: preview)
    }

    @Test func renderingTwiceGivesIdenticalBytes() throws {
        let first = try StagesProject(paperPipeline())
        try first.run()
        let second = try StagesProject(paperPipeline(figures: ["fig2c": ["formats": ["png", "pdf", "svg"]]]))
        try second.run()
        for figure in PaperFigure.allCases {
            for format in ["png", "pdf"] {
                let path = "paper/figures/\(figure.rawValue).\(format)"
                let a = try #require(first.read(path)), b = try #require(second.read(path))
                #expect(a == b, "\(path) differs between two renderings")
            }
        }
        #expect(second.read("paper/figures/fig2c.svg")?.starts(with: Data("<?xml".utf8)) == true)
        // A forced rerun of the figures in the same project reproduces the same files.
        let before = try #require(first.read("paper/figures/fig3.png"))
        let rerun = try first.run(["fig3"], force: true)
        #expect(rerun.executed == ["fig3"])
        #expect(first.read("paper/figures/fig3.png") == before)
    }

    @Test func aMissingDatasetNamesTheFileTheDatasetAndTheStage() throws {
        let project = try StagesProject(paperPipeline(analysis: ["alignment": ["omit": ["deviation_alignment"]],
                                                                 "affinity": ["omit": ["s_mean"]]]))
        let report = try project.run()
        let message = StagesProject.failure("fig2a", in: report)
        #expect(message.contains("stage fig2a"), "\(message)")
        #expect(message.contains("outputs/alignment.h5"), "\(message)")
        #expect(message.contains("'deviation_alignment'"), "\(message)")
        let fig3 = StagesProject.failure("fig3", in: report)
        #expect(fig3.contains("stage fig3") && fig3.contains("outputs/affinity.h5") && fig3.contains("'s_mean'"), "\(fig3)")
        // fig2c reads other datasets and still succeeds; the report is skipped with the failed figures.
        #expect(report.executed.contains("fig2c"))
        #expect(report.skipped.contains { $0.stage == "report" })
        #expect(!project.exists("paper/figures/fig2a.png"))
    }

    @Test func aWrongShapeIsReportedWithBothShapes() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("alignment.h5")
        try FakeAnalysisFiles.writeAlignment(to: path)
        let file = try AnalysisFile(path, stage: "fig2a", projectRoot: folder.path)
        #expect(throws: StageError.badShape(stage: "fig2a", file: "alignment.h5", dataset: "target_alignment",
                                            expected: "(reading, run, epoch, task_a=4, task_b=4)", got: [8, 2, 5, 4])) {
            _ = try file.doubles("target_alignment", dims: ["reading", "run", "epoch", "task_a", "task_b"], lengths: [nil, nil, nil, 4, 4])
        }
        // Right rank, wrong dimension name: a transposed layout is caught.
        #expect(throws: StageError.self) {
            _ = try file.doubles("deviation_alignment", dims: ["run", "reading", "epoch", "task_a", "task_b"], lengths: [nil, nil, nil, nil, nil])
        }
    }

    @Test func badParametersAreRejectedWithTheValidValues() throws {
        // Names and formats are checked when pipeline.json is loaded (a configuration error)...
        for (figure, params, expected) in [
            ("fig1b", ["figure": JSONValue.string("fig9")], "unknown figure 'fig9'; valid: fig1a, fig1b, fig2a, fig2b, fig2c, fig3"),
            ("fig2a", ["formats": ["png", "gif"]], "unknown format 'gif'; valid: png, pdf, svg"),
        ] {
            let project = try StagesProject(paperPipeline(figures: [figure: params]))
            let error = #expect(throws: PipelineError.self) { try project.run() }
            #expect(error.map { "\($0)" }?.contains(expected) == true, "\(String(describing: error))")
            #expect(error?.isConfiguration == true)
        }
        // ...what depends on the analysis file, when the figure is drawn.
        let project = try StagesProject(paperPipeline(figures: ["fig3": ["epochs": [0, 6, 20]], "fig2b": ["reading": 8]]))
        let report = try project.run()
        let epochs = StagesProject.failure("fig3", in: report)
        #expect(epochs.contains("epoch 6 is not a checkpoint (checkpoints: 0, 4, 8, 12, 16)"), "\(epochs)")
        // Epochs past the last checkpoint (a shortened run) are left out rather than an error.
        let shortened = try StagesProject(paperPipeline(figures: ["fig3": ["epochs": [0, 8, 52]]]))
        #expect(try shortened.run().failed.isEmpty)
        let reading = StagesProject.failure("fig2b", in: report)
        #expect(reading.contains("reading 8 requested but the file has 8 readings"), "\(reading)")
    }

    @Test func figuresShowTheFileValues() throws {
        let folder = try TemporaryDirectory()
        try FakeAnalysisFiles.writeAffinity(to: folder.file("affinity.h5"), epochs: [0, 4, 8])
        try FakeAnalysisFiles.writeAlignment(to: folder.file("alignment.h5"), runs: 3, epochs: [0, 4, 8])
        try FakeAnalysisFiles.writeLinearCIFAR(to: folder.file("linear-cifar10.h5"))
        func build(_ figure: String, _ file: String, _ extra: [String: JSONValue] = [:]) throws -> PanelFigure {
            var values = ["figure": JSONValue.string(figure)]
            for (k, v) in extra { values[k] = v }
            let params = try PipelineDefinition.parse(
                try JSONValue.object(["stages": ["s": ["kind": "figure", "params": .object(values)]]]).canonicalData(),
                kinds: [FigureStage()]).stages[0].params
            let options = try FigureOptions(params)
            return try FigureBuilder(file: AnalysisFile(folder.file(file), stage: "s", projectRoot: folder.path), options: options).build()
        }
        // Figure 3: one heatmap per epoch, titled, on one shared scale, holding s_mean at reading 0.
        let fig3 = try build("fig3", "affinity.h5", ["epochs": [0, 8]])
        #expect(fig3.panels.count == 2)
        guard case .heatmap(let first) = fig3.panels[0], case .heatmap(let last) = fig3.panels[1] else { Issue.record("not heatmaps"); return }
        #expect(first.title == "epoch 0" && last.title == "epoch 8")
        #expect(first.rowLabels == ["task 1", "task 2", "task 3", "task 4"])
        #expect(first.scale == last.scale && fig3.sharedColorbar?.scale == first.scale)
        #expect(last.values[0][1] == 1.0 && last.values[3][3] == 2.0 && first.values[0][1] == 0.1)
        #expect(first.scale?.colormap == .diverging)  // S has both signs
        // Figure 2a: one panel per task, red target and blue residual means in the legend, 3 thin runs each.
        let fig2a = try build("fig2a", "alignment.h5")
        #expect(fig2a.panels.count == 4)
        guard case .linePlot(let task2) = fig2a.panels[1] else { Issue.record("not a line plot"); return }
        #expect(task2.title == "task 2")
        #expect(task2.legendEntries == ["A(K_aa, t_a t_aᵀ)", "A(K_aa, G_aa)"])
        #expect(task2.series.count == 2 * (3 + 1))
        #expect(task2.series.filter { $0.label != nil }.map(\.color) == [.red, .blue])
        #expect(task2.series[0].x == [0, 4, 8])
        // Figure 2b: six off-diagonal pairs and the diagonal blocks under one entry.
        let fig2b = try build("fig2b", "alignment.h5")
        guard case .linePlot(let blocks) = fig2b.panels[0] else { Issue.record("not a line plot"); return }
        #expect(blocks.legendEntries == ["tasks 1, 2", "tasks 1, 3", "tasks 1, 4", "tasks 2, 3", "tasks 2, 4", "tasks 3, 4", "diagonal blocks"])
        // Figure 2c: the thresholds as reference lines.
        let fig2c = try build("fig2c", "alignment.h5", ["threshold": 0.75])
        guard case .linePlot(let ntk) = fig2c.panels[1], case .linePlot(let gram) = fig2c.panels[2] else { Issue.record("not line plots"); return }
        #expect(ntk.referenceLines.map(\.y) == [0.75] && gram.referenceLines.map(\.y) == [0.9])
        // Another reading is named in a title short enough to fit.
        let other = try build("fig2c", "alignment.h5", ["reading": 3])
        #expect(other.title == "Figure 2c (cross-run consistency) · reading loss-gradient/centered/01")
        // Figure 1a: class names on both axes, the normalized M2 as stored.
        let fig1a = try build("fig1a", "linear-cifar10.h5")
        guard case .heatmap(let cifar) = fig1a.panels[0] else { Issue.record("not a heatmap"); return }
        #expect(cifar.rowLabels == FakeAnalysisFiles.cifarClasses && cifar.columnLabels == FakeAnalysisFiles.cifarClasses)
        #expect(cifar.values[3][3] == 1)
    }
}
