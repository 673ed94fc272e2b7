import Foundation
import Pipeline
import ReproSupport
import Stages
import StagesTestSupport
import Testing
import TestSupport

@Suite struct ReportStageTests {
    /// The rows of the claim-by-reading tables: a first cell holding a reading name (`a/b/c`).
    static func readingRows(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { $0.range(of: #"^\| `[^`]+/[^`]+/[^`]+`"#, options: .regularExpression) != nil }
    }

    @Test func theReportHasTheHeadlineTheFiguresAndEveryReading() throws {
        let project = try StagesProject(paperPipeline())
        let run = try project.run()
        #expect(run.failed.isEmpty && run.skipped.isEmpty, "\(run.failed) \(run.skipped)")
        let text = project.text("paper/REPORT.md")
        #expect(text.hasPrefix("# Reproduction report\n"))
        #expect(text.contains("## The six claims under the default reading (`loss-gradient/uncentered/pm1`)"))
        #expect(text.contains("| 1. CIFAR-10 living / non-living split | [Figure 1a](#figure-1a) | **NOT EVALUATED** | measured 1 = 0.25; threshold = 0.8 | Summary 1 under reading 0. |"))
        #expect(text.contains("| 3. A(K, G) above A(K, yyᵀ) | [Figure 2a](#figure-2a) | **PASS** |"))
        #expect(text.contains("3 PASS, 2 FAIL, 1 NOT EVALUATED."))
        for figure in PaperFigure.allCases {
            #expect(text.contains("![\(figure.label)](figures/\(figure.rawValue).png)"))
            #expect(text.contains(figure.caption))
        }
        #expect(!text.contains("is missing"))
        // 8 readings x 6 claims, the default first in each claim's table.
        let rows = Self.readingRows(text)
        #expect(rows.count == 48)
        #expect(rows.first == "| `loss-gradient/uncentered/pm1` (default) | NOT EVALUATED | measured 1 = 0.25; threshold = 0.8 |")
        // Claim 3 fails under the readings with the `deviation` residual (index 4 on).
        #expect(rows[2 * 8 + 4] == "| `deviation/uncentered/pm1` | FAIL | measured 3 = 0.754; threshold = 0.8 |")
        // Settings: every stage with the fingerprint of the lock file, parameters as canonical JSON.
        let lock = try LockFile.read(path: project.root + "/outputs/pipeline.lock")
        for stage in ["alignment", "affinity", "claims", "fig1a", "fig2c", "linear-cifar10"] {
            let record = try #require(lock.stages[stage])
            #expect(text.contains("| `\(stage)` | \(record.kind) | `\(record.fingerprint.hex)` |"), "\(stage)")
        }
        #expect(text.contains(#"| `fig3` | figure | "#) && text.contains(#""epochs":[0,4,8,12,16]"#))
        #expect(text.contains("*Produced by (stage and fingerprint):* `fig2b` `\(lock.stages["fig2b"]!.fingerprint.hex.prefix(16))`, "
                              + "`alignment` `\(lock.stages["alignment"]!.fingerprint.hex.prefix(16))`."))
    }

    @Test func withoutCIFARTheReportSaysWhyFigure1aIsMissing() throws {
        let project = try StagesProject(paperPipeline(cifar: false))
        let run = try project.run()
        #expect(run.skipped.map(\.stage).sorted() == ["fig1a", "linear-cifar10"])
        #expect(!run.succeeded)  // `repro run` exits 1
        #expect(run.executed.contains("report"))
        #expect(!project.exists("paper/figures/fig1a.png") && project.exists("paper/figures/fig1b.png"))
        let text = project.text("paper/REPORT.md")
        #expect(text.contains("> **Figure 1a is missing.** Its stage was skipped because the CIFAR-10 data set was not found"))
        for needle in ["repro fetch cifar10", "cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530",
                       "data/cifar-10-batches-bin/data_batch_1.bin", "CIFAR10_DIR"] {
            #expect(text.contains(needle), "\(needle)")
        }
        #expect(!text.contains("![Figure 1a]"))
        #expect(text.contains("| Figure 1a (missing) |"))
        #expect(text.contains("![Figure 1b](figures/fig1b.png)"))
        #expect(Self.readingRows(text).count == 48)
    }

    @Test func aMissingFigureWhoseClaimWasEvaluatedGetsTheGenericReason() throws {
        let verdicts = JSONValue.array(Array(repeating: [1, 1, 1, 1, 1, 1], count: 8))
        let project = try StagesProject(paperPipeline(cifar: false, analysis: ["claims": ["verdicts": verdicts]]))
        try project.run()
        let text = project.text("paper/REPORT.md")
        #expect(text.contains("> **Figure 1a is missing.** The stage that draws it did not run"))
        #expect(!text.contains("CIFAR10_DIR"))
    }

    @Test func aFigureDrawnUnderAnotherReadingSaysSo() throws {
        let project = try StagesProject(paperPipeline(figures: ["fig2b": ["reading": 5]]))
        try project.run()
        let text = project.text("paper/REPORT.md")
        #expect(text.components(separatedBy: "*Drawn under the reading").count == 2)
        #expect(text.contains("*Drawn under the reading `deviation/uncentered/01` (not the default).*"))
    }

    @Test func theReportIsByteIdenticalAcrossRuns() throws {
        let first = try StagesProject(paperPipeline(cifar: false))
        try first.run()
        let second = try StagesProject(paperPipeline(cifar: false))
        try second.run()
        let a = try #require(first.read("paper/REPORT.md")), b = try #require(second.read("paper/REPORT.md"))
        #expect(a == b)
        let again = try first.run(["report"], force: true)
        #expect(again.executed == ["report"])
        #expect(first.read("paper/REPORT.md") == a)
    }

    @Test func aMalformedClaimsFileIsAClearError() throws {
        let missing = try StagesProject(paperPipeline(analysis: ["claims": ["omit": ["results"]]]))
        let message = StagesProject.failure("report", in: try missing.run())
        #expect(message.contains("stage report") && message.contains("outputs/claims.h5") && message.contains("'results'"), "\(message)")

        let badVerdict = try StagesProject(paperPipeline(analysis: ["claims": ["verdicts": .array(Array(repeating: [1, 1, 1, 1, 1, 7], count: 8))]]))
        let verdict = StagesProject.failure("report", in: try badVerdict.run())
        #expect(verdict.contains("'verdict'") && verdict.contains("[0, 5] is 7.0"), "\(verdict)")

        let noVerdict = try StagesProject(paperPipeline(analysis: ["claims": ["omit": ["verdict"]]]))
        let absent = StagesProject.failure("report", in: try noVerdict.run())
        #expect(absent.contains("outputs/claims.h5: no dataset 'verdict'"), "\(absent)")
    }
}
