internal import Foundation

/// The six claims of the paper (SPEC 7), each judged from analysis results. A claim that does not
/// reproduce is reported with its numbers; nothing here is tuned to pass.
public enum Claims {
    /// Claim 1 (Figure 1a): a 2-cluster average-linkage split of the normalized M2 on CIFAR-10 recovers
    /// living / non-living, and the mean within-group affinity exceeds the mean between-group affinity.
    /// `cifar` nil (CIFAR-10 absent) gives `.notEvaluated` with `absentReason`.
    public static func claim1(cifar: LinearAffinity?, settings: ClaimSettings = ClaimSettings(),
                              absentReason: String = "CIFAR-10 not available") -> ClaimResult {
        let title = "Fig 1a: linear affinity separates living from non-living on CIFAR-10"
        let statement = "A 2-cluster agglomerative split of the normalized M2 recovers living / non-living, and "
            + "mean within-group affinity exceeds mean between-group affinity."
        guard let cifar else {
            return ClaimResult(id: 1, title: title, statement: statement, values: [], verdict: .notEvaluated,
                               summary: absentReason)
        }
        let m = cifar.m2Normalized
        let living = settings.livingClasses.sorted()
        let nonLiving = m.indices.filter { !living.contains($0) }
        let expected = [living, nonLiving].filter { !$0.isEmpty }.sorted { $0[0] < $1[0] }
        let groups = Clustering.averageLinkage(similarity: m, clusters: settings.clusters)
        let recovered = groups == expected
        let (within, between) = Clustering.withinAndBetween(m, groups: expected)
        let pass = recovered && within > between
        let names = groups.map { g in "{" + g.map { $0 < CIFAR10.classNames.count ? CIFAR10.classNames[$0] : "\($0)" }
            .joined(separator: ", ") + "}" }.joined(separator: " ")
        return ClaimResult(
            id: 1, title: title, statement: statement,
            values: [NamedValue("split recovers groups", recovered ? 1 : 0), NamedValue("within-group mean", within),
                     NamedValue("between-group mean", between)],
            verdict: pass ? .pass : .fail,
            summary: "split \(names); living/non-living \(recovered ? "recovered" : "not recovered"); within "
                + "\(fmt(within)) vs between \(fmt(between))")
    }

    /// Claim 2 (Figure 1b): on synthetic data the normalized M2 gives the control task weaker affinity to
    /// the related tasks than any pair of them has (max over control pairs < min over related pairs), and
    /// does not rank pair (1,2) above pair (1,3).
    public static func claim2(synthetic: LinearAffinity, settings: ClaimSettings = ClaimSettings()) -> ClaimResult {
        let m = synthetic.m2Normalized
        let related = settings.relatedTasks, control = settings.controlTask
        let controlValues = related.map { m[control][$0] }
        var relatedValues = [Double]()
        for (i, a) in related.enumerated() { for b in related[(i + 1)...] { relatedValues.append(m[a][b]) } }
        let maxControl = controlValues.max() ?? 0, minRelated = relatedValues.min() ?? 0
        let first = m[settings.pairFirst[0]][settings.pairFirst[1]]
        let second = m[settings.pairSecond[0]][settings.pairSecond[1]]
        let partA = maxControl < minRelated, partB = !(first > second)
        return ClaimResult(
            id: 2, title: "Fig 1b: linear measure on synthetic data",
            statement: "Task 4 has weaker affinity to tasks 1-3 than they have among themselves, and (1,2) is "
                + "not ranked above (1,3).",
            values: [NamedValue("max control affinity", maxControl), NamedValue("min related affinity", minRelated),
                     NamedValue("mean control affinity", CurveSummary.mean(controlValues)),
                     NamedValue("mean related affinity", CurveSummary.mean(relatedValues)),
                     NamedValue("affinity (1,2)", first), NamedValue("affinity (1,3)", second),
                     NamedValue("part a", partA ? 1 : 0), NamedValue("part b", partB ? 1 : 0)],
            verdict: partA && partB ? .pass : .fail,
            summary: "task 4 to 1-3 max \(fmt(maxControl)) vs among 1-3 min \(fmt(minRelated)) (\(partA ? "holds" : "fails")); "
                + "(1,2) \(fmt(first)) vs (1,3) \(fmt(second)) (\(partB ? "holds" : "fails"))")
    }

    /// Claim 3 (Figure 2a): in every run and for every task, the run-average of A(K_aa, G_aa) exceeds the
    /// run-average of A(K_aa, t_a t_a^T). Values: per task, the mean over runs of both run-averages.
    public static func claim3(_ analysis: ReadingAnalysis) -> ClaimResult {
        let runs = analysis.deviationAlignment.count
        let tasks = analysis.targetAlignment.first?.first?.count ?? 0
        var values = [NamedValue](), holds = 0, total = 0
        for a in 0..<tasks {
            var deviation = 0.0, target = 0.0
            for run in 0..<runs {
                let d = CurveSummary.mean(analysis.deviationAlignment[run].map { $0[a][a] })
                let t = CurveSummary.mean(analysis.targetAlignment[run].map { $0[a] })
                deviation += d / Double(runs)
                target += t / Double(runs)
                total += 1
                if d > t { holds += 1 }
            }
            values += [NamedValue("task \(a + 1) deviation alignment", deviation),
                       NamedValue("task \(a + 1) target alignment", target)]
        }
        values.append(NamedValue("run-task pairs holding", Double(holds)))
        let pass = total > 0 && holds == total
        let perTask = stride(from: 0, to: values.count - 1, by: 2).map { "\(fmt(values[$0].value))/\(fmt(values[$0 + 1].value))" }
        return ClaimResult(
            id: 3, title: "Fig 2a: deviation alignment above target alignment",
            statement: "A(K_aa, G_aa) exceeds A(K_aa, t_a t_a^T) for every task, averaged over the run.",
            values: values, verdict: pass ? .pass : .fail,
            summary: "deviation/target per task \(perTask.joined(separator: ", ")); holds in \(holds) of \(total) run-task pairs")
    }

    /// Claim 4 (Figure 2b): the std over checkpoints of the off-diagonal deviation alignments, averaged over
    /// runs and blocks, exceeds that of the diagonal ones.
    public static func claim4(_ analysis: ReadingAnalysis) -> ClaimResult {
        var diagonal = [Double](), offDiagonal = [Double](), diagonalRelative = [Double](), offRelative = [Double]()
        for run in analysis.deviationAlignment {
            let tasks = run.first?.count ?? 0
            for a in 0..<tasks {
                for b in 0..<tasks {
                    let curve = run.map { $0[a][b] }
                    let spread = CurveSummary.std(curve), level = abs(CurveSummary.mean(curve))
                    let relative = level > 0 ? spread / level : 0
                    if a == b { diagonal.append(spread); diagonalRelative.append(relative) }
                    else { offDiagonal.append(spread); offRelative.append(relative) }
                }
            }
        }
        let d = CurveSummary.mean(diagonal), o = CurveSummary.mean(offDiagonal)
        let dr = CurveSummary.mean(diagonalRelative), orel = CurveSummary.mean(offRelative)
        return ClaimResult(
            id: 4, title: "Fig 2b: off-diagonal alignments fluctuate more",
            statement: "Off-diagonal deviation alignments fluctuate more than diagonal ones (std over epochs, mean over runs).",
            values: [NamedValue("diagonal std", d), NamedValue("off-diagonal std", o),
                     NamedValue("diagonal std / |mean|", dr), NamedValue("off-diagonal std / |mean|", orel)],
            verdict: o > d ? .pass : .fail,
            summary: "std over epochs: off-diagonal \(fmt(o)) vs diagonal \(fmt(d)) (relative to |mean|: \(fmt(orel)) vs \(fmt(dr)))")
    }

    /// Claim 5 (Figure 2c): with the mean over runs of the cross-run NTK alignment, every diagonal block
    /// first exceeds `ntkThreshold` at an earlier checkpoint than every off-diagonal block, every off-diagonal
    /// block exceeds it by `offDiagonalByEpoch`, and the cross-run G alignment exceeds `residualThreshold`
    /// at every checkpoint for every block.
    public static func claim5(_ analysis: ReadingAnalysis, settings: ClaimSettings = ClaimSettings()) -> ClaimResult {
        let ntk = ReadingAnalysis.meanOverRuns(analysis.ntkConsistency)
        let g = ReadingAnalysis.meanOverRuns(analysis.residualConsistency)
        let tasks = ntk.first?.count ?? 0
        let never = analysis.epochs.count
        var diagonalFirst = [Int](), offFirst = [Int]()
        for a in 0..<tasks {
            for b in 0..<tasks {
                let first = CurveSummary.firstExceeding(ntk.map { $0[a][b] }, threshold: settings.ntkThreshold) ?? never
                if a == b { diagonalFirst.append(first) } else { offFirst.append(first) }
            }
        }
        let latestDiagonal = diagonalFirst.max() ?? never, earliestOff = offFirst.min() ?? never
        let latestOff = offFirst.max() ?? never
        func epoch(_ index: Int) -> Double { index < analysis.epochs.count ? Double(analysis.epochs[index]) : .infinity }
        let ordered = latestDiagonal < earliestOff
        let offInTime = epoch(latestOff) <= Double(settings.offDiagonalByEpoch)
        let minG = g.flatMap { $0.flatMap { $0 } }.min() ?? 0
        let gHolds = !g.isEmpty && minG > settings.residualThreshold
        let ntkText = "NTK: diagonal by epoch \(epochText(epoch(latestDiagonal))), off-diagonal first at epoch "
            + "\(epochText(epoch(earliestOff)))-\(epochText(epoch(latestOff)))"
        return ClaimResult(
            id: 5, title: "Fig 2c: cross-run consistency of K and G",
            statement: "Every diagonal NTK block first exceeds \(settings.ntkThreshold) before every off-diagonal block, "
                + "every off-diagonal block by epoch \(settings.offDiagonalByEpoch); the G alignment exceeds "
                + "\(settings.residualThreshold) throughout training.",
            values: [NamedValue("latest diagonal first-exceed epoch", epoch(latestDiagonal)),
                     NamedValue("earliest off-diagonal first-exceed epoch", epoch(earliestOff)),
                     NamedValue("latest off-diagonal first-exceed epoch", epoch(latestOff)),
                     NamedValue("minimum G cross-run alignment", minG),
                     NamedValue("diagonal before off-diagonal", ordered ? 1 : 0),
                     NamedValue("off-diagonal in time", offInTime ? 1 : 0), NamedValue("G above threshold", gHolds ? 1 : 0)],
            verdict: ordered && offInTime && gHolds ? .pass : .fail,
            summary: "\(ntkText) (\(ordered && offInTime ? "holds" : "fails")); G minimum \(fmt(minG)) "
                + "(\(gHolds ? "holds" : "fails"))")
    }

    /// Claim 6 (Figure 3): from `fromEpoch` on, at (at least `requiredFraction` of) the checkpoints,
    /// S[1 -> 2] and S[2 -> 1] are the two largest off-diagonal mean-over-runs affinities, and every
    /// off-diagonal affinity involving the control task is below every one among the related tasks.
    public static func claim6(_ analysis: ReadingAnalysis, settings: ClaimSettings = ClaimSettings()) -> ClaimResult {
        let (p, q) = (settings.pairFirst[0], settings.pairFirst[1])
        let control = settings.controlTask, related = settings.relatedTasks
        let checkpoints = analysis.epochs.indices.filter { analysis.epochs[$0] >= settings.fromEpoch }
        var topPair = 0, controlLowest = 0
        for t in checkpoints {
            let s = analysis.affinity[t]
            let pair = min(s[p][q], s[q][p])
            var othersMax = -Double.infinity
            for a in s.indices { for b in s.indices where a != b && !((a == p && b == q) || (a == q && b == p)) {
                othersMax = max(othersMax, s[a][b])
            } }
            if pair > othersMax { topPair += 1 }
            var controlMax = -Double.infinity, relatedMin = Double.infinity
            for a in s.indices { for b in s.indices where a != b {
                if a == control || b == control { controlMax = max(controlMax, s[a][b]) }
                else if related.contains(a) && related.contains(b) { relatedMin = min(relatedMin, s[a][b]) }
            } }
            if controlMax < relatedMin { controlLowest += 1 }
        }
        let count = checkpoints.count
        let needed = Int((settings.requiredFraction * Double(count)).rounded(.up))
        let pass = count > 0 && topPair >= needed && controlLowest >= needed
        return ClaimResult(
            id: 6, title: "Fig 3: NTK affinity ranks tasks 1 and 2 together, task 4 apart",
            statement: "From epoch ~\(settings.fromEpoch) on, S[1 -> 2] and S[2 -> 1] are the largest off-diagonal "
                + "affinities, and task 4 has the smallest affinities to the others.",
            values: [NamedValue("checkpoints judged", Double(count)), NamedValue("checkpoints with 1-2 on top", Double(topPair)),
                     NamedValue("checkpoints with task 4 lowest", Double(controlLowest))],
            verdict: pass ? .pass : .fail,
            summary: "S[1->2], S[2->1] largest at \(topPair) of \(count) checkpoints from epoch \(settings.fromEpoch); "
                + "task 4 lowest at \(controlLowest) of \(count)")
    }

    /// Claims 3 to 6 under one reading.
    public static func analysisClaims(_ analysis: ReadingAnalysis, settings: ClaimSettings = ClaimSettings()) -> [ClaimResult] {
        [claim3(analysis), claim4(analysis), claim5(analysis, settings: settings), claim6(analysis, settings: settings)]
    }

    static func fmt(_ value: Double) -> String { String(format: "%.3f", value) }

    static func epochText(_ value: Double) -> String { value.isFinite ? "\(Int(value))" : "never" }
}
