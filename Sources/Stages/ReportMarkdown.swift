internal import Foundation

/// The content of `paper/REPORT.md` and how it is written. Pure: the same value gives the same text.
struct Report: Sendable {
    struct DrawnFigure: Sendable {
        /// The stage that drew it.
        var stage: String
        /// The formats written (`png`, `pdf`, ...), in the stage's order.
        var formats: [String]
    }

    var claims: ClaimResults
    var figures: [PaperFigure: DrawnFigure]
    var claimsStage: String
    var provenance: Provenance

    /// The markdown text, ending with a newline.
    func markdown() -> String {
        var lines: [String] = []
        lines += header()
        lines += headline()
        lines += figureSections()
        lines += readingTables()
        lines += settings()
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Sections

    private var defaultReading: ReadingClaims { claims.readings[0] }

    private func header() -> [String] {
        [
            "# Reproduction report",
            "",
            "<!-- Written by the `report` stage of `repro run`; do not edit: it is regenerated from the outputs. -->",
            "",
            "Reproduction of *Exploring Task Affinities through NTK Alignment and Early Training Dynamics in Multi-Task "
                + "Learning*. Every number below is read from `outputs/claims.h5`; the figures are in `paper/figures/`. "
                + "A claim that does not reproduce is reported as such, with its numbers.",
            "",
        ]
    }

    private func headline() -> [String] {
        var lines = [
            "## The six claims under the default reading (`\(defaultReading.name)`)",
            "",
            "| claim | figure | verdict | measured | summary |",
            "|---|---|---|---|---|",
        ]
        for (figure, claim) in zip(PaperFigure.allCases, defaultReading.claims) {
            let link = figures[figure] == nil ? "\(figure.label) (missing)" : "[\(figure.label)](#\(anchor(figure)))"
            lines.append(row(["\(figure.claim). \(claim.title)", link, "**\(claim.verdict.text)**", measured(claim), claim.summary]))
        }
        let counts = [Verdict.pass, .fail, .notEvaluated].map { verdict in
            "\(defaultReading.claims.filter { $0.verdict == verdict }.count) \(verdict.text)"
        }
        lines += ["", counts.joined(separator: ", ") + ". The same claims under every reading: "
                  + "[below](#every-claim-under-every-reading).", ""]
        for figure in PaperFigure.allCases where figures[figure] == nil {
            lines += ["> **\(figure.label) is missing.** " + missingReason(figure), ""]
        }
        return lines
    }

    private func figureSections() -> [String] {
        var lines = ["## Figures", ""]
        for (figure, claim) in zip(PaperFigure.allCases, defaultReading.claims) {
            lines.append("### \(figure.label)")
            lines.append("")
            if let drawn = figures[figure] {
                if drawn.formats.contains("png") {
                    lines += ["![\(figure.label)](figures/\(figure.rawValue).png)", ""]
                }
                let files = drawn.formats.sorted().map { "[\($0.uppercased())](figures/\(figure.rawValue).\($0))" }
                lines += ["Files: " + files.joined(separator: ", ") + ".", ""]
            } else {
                lines += ["**Missing.** " + missingReason(figure), ""]
            }
            lines += ["*Caption.* \(figure.caption)", ""]
            if let drawn = figures[figure], let r = provenance.entries[drawn.stage]?.reading, r != 0 {
                let name = r < claims.readings.count ? claims.readings[r].name : "reading \(r)"
                lines += ["*Drawn under the reading `\(name)` (not the default).*", ""]
            }
            lines += ["*The paper's claim.* \(figure.paperClaim)", ""]
            var check = "*Checked (claim \(figure.claim), default reading): **\(claim.verdict.text)**.*"
            if !claim.statement.isEmpty { check += " \(claim.statement)" }
            if !claim.summary.isEmpty { check += " \(claim.summary)" }
            lines += [check, ""]
            if !claim.values.isEmpty {
                lines += ["| measured | value |", "|---|---|"]
                lines += claim.values.map { row([$0.name, $0.value]) }
                lines.append("")
            }
            let producers = figures[figure].map { drawn in
                [drawn.stage] + provenance.lineage(of: drawn.stage).filter { $0 != drawn.stage }
            } ?? []
            if !producers.isEmpty {
                let list = producers.map { stage in
                    "`\(stage)` " + (provenance.entries[stage].map { "`\($0.fingerprint.prefix(16))`" } ?? "(not in the lock file)")
                }
                lines += ["*Produced by (stage and fingerprint):* " + list.joined(separator: ", ") + ".", ""]
            }
        }
        return lines
    }

    private func readingTables() -> [String] {
        var lines = [
            "## Every claim under every reading",
            "",
            "The readings of SPEC 8, the default first. Every row is shown, whatever its verdict.",
            "",
        ]
        for (index, figure) in PaperFigure.allCases.enumerated() {
            let title = defaultReading.claims[index].title
            lines += ["### Claim \(figure.claim): \(escape(title)) (\(figure.label))", "",
                      "| reading | verdict | measured |", "|---|---|---|"]
            for (r, reading) in claims.readings.enumerated() {
                let claim = reading.claims[index]
                lines.append(row(["`\(reading.name)`" + (r == 0 ? " (default)" : ""), claim.verdict.text, measured(claim)]))
            }
            lines.append("")
        }
        return lines
    }

    private func settings() -> [String] {
        var lines = [
            "## Settings and fingerprints",
            "",
            "Each stage behind this report, with its parameters (defaults applied) and its fingerprint, from "
                + "`outputs/pipeline.lock`.",
            "",
            "| stage | kind | fingerprint | parameters |",
            "|---|---|---|---|",
        ]
        for stage in provenance.stages {
            guard let entry = provenance.entries[stage] else {
                lines.append(row(["`\(stage)`", "", "(not in the lock file)", ""]))
                continue
            }
            lines.append(row(["`\(stage)`", entry.kind, "`\(entry.fingerprint)`", "`\(entry.params)`"]))
        }
        lines.append("")
        return lines
    }

    // MARK: - Pieces

    /// Why `figure` is absent, and what to do about it.
    /// Figure 1a's CIFAR-10 explanation applies when claim 1 was not evaluated (its input was absent).
    func missingReason(_ figure: PaperFigure) -> String {
        let index = figure.claim - 1
        let notEvaluated = index < defaultReading.claims.count && defaultReading.claims[index].verdict == .notEvaluated
        return switch figure {
        case .fig1a where notEvaluated:
            "Its stage was skipped because the CIFAR-10 data set was not found, so claim 1 is not evaluated. "
                + "To get it: run `repro fetch cifar10`; or download the CIFAR-10 binary version, "
                + "`cifar-10-binary.tar.gz` (md5 `c32a1d4ab5d03f1284b67883e8d87530`, from "
                + "https://www.cs.toronto.edu/~kriz/cifar.html), and extract it into `data/` so that "
                + "`data/cifar-10-batches-bin/data_batch_1.bin` exists, or set `CIFAR10_DIR` to the extracted "
                + "`cifar-10-batches-bin` folder. Then run `repro run` (or `make run`) again."
        default:
            "The stage that draws it did not run (a stage it depends on failed or was skipped); "
                + "`repro status` and `repro explain \(figure.rawValue)` say why."
        }
    }

    /// "name = value; ..." for a claim's numbers.
    private func measured(_ claim: ClaimResult) -> String {
        claim.values.map { "\($0.name) = \($0.value)" }.joined(separator: "; ")
    }

    /// The GitHub anchor of a figure's heading ("Figure 1a" -> "figure-1a").
    private func anchor(_ figure: PaperFigure) -> String { "figure-" + figure.rawValue.dropFirst(3) }

    private func row(_ cells: [String]) -> String {
        "| " + cells.map(escape).joined(separator: " | ") + " |"
    }

    /// Table-safe text: pipes escaped, line breaks as spaces.
    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
