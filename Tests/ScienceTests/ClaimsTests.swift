import Testing
@testable import Science

/// Builders for synthetic claim inputs.
private enum Make {
    static let epochs = Array(stride(from: 0, through: 80, by: 4))

    /// [run][checkpoint][a][b] from a function of (run, checkpoint index, a, b).
    static func blocks(runs: Int = 2, tasks: Int = 4, _ f: (Int, Int, Int, Int) -> Double) -> [[[[Double]]]] {
        (0..<runs).map { r in epochs.indices.map { t in (0..<tasks).map { a in (0..<tasks).map { b in f(r, t, a, b) } } } }
    }

    static func analysis(target: Double = 0.2, deviation: @escaping (Int, Int, Int, Int) -> Double = { _, _, _, _ in 0.5 },
                         ntk: @escaping (Int, Int, Int, Int) -> Double = { _, _, _, _ in 0.95 },
                         g: @escaping (Int, Int, Int, Int) -> Double = { _, _, _, _ in 0.95 },
                         s: @escaping (Int, Int, Int) -> Double = { _, _, _ in 0 }) -> ReadingAnalysis {
        ReadingAnalysis(
            reading: .default, epochs: epochs,
            targetAlignment: (0..<2).map { _ in epochs.map { _ in [Double](repeating: target, count: 4) } },
            deviationAlignment: blocks(deviation), ntkConsistency: blocks(ntk), residualConsistency: blocks(g),
            affinity: epochs.indices.map { t in (0..<4).map { a in (0..<4).map { b in s(t, a, b) } } })
    }
}

@Suite struct ClaimsTests {
    @Test func readingsEnumerateEveryCombinationDefaultFirst() {
        #expect(Reading.all.count == 8)
        #expect(Set(Reading.all).count == 8)
        #expect(Reading.all[0] == Reading(residual: .lossGradient, alignment: .uncentered, target: .pm1))
        #expect(Reading.all[0].description == "residual=loss-gradient alignment=uncentered target=pm1")
        #expect(Reading.Target.zeroOne.rawValue == "01" && Reading.Target.pm1.value(0) == -1)
    }

    @Test func averageLinkageSplitsTwoBlocks() {
        let groupOf = [0, 1, 1, 0, 1]
        func similarity(_ a: Int, _ b: Int) -> Double {
            if a == b { return 1 }
            return groupOf[a] == groupOf[b] ? 0.6 - 0.01 * Double(a + b) : -0.4
        }
        let m: [[Double]] = (0..<5).map { a in (0..<5).map { b in similarity(a, b) } }
        #expect(Clustering.averageLinkage(similarity: m, clusters: 2) == [[0, 3], [1, 2, 4]])
        let (within, between) = Clustering.withinAndBetween(m, groups: [[0, 3], [1, 2, 4]])
        #expect(abs(between + 0.4) < 1e-12)
        #expect(within > 0.4)
    }

    @Test func claim1PassesOnLivingBlocksAndFailsOtherwise() {
        let living: Set = [2, 3, 4, 5, 6, 7]
        func matrix(_ isLiving: (Int) -> Bool) -> [[Double]] {
            (0..<10).map { a in (0..<10).map { b in a == b ? 1 : (isLiving(a) == isLiving(b) ? 0.5 : -0.5) } }
        }
        let good = matrix { living.contains($0) }
        let pass = Claims.claim1(cifar: LinearAffinity(m1: good, m2: good))
        #expect(pass.verdict == .pass)
        #expect(pass.value("within-group mean") == 0.5 && pass.value("between-group mean") == -0.5)
        let swapped = matrix { living.contains($0) != ($0 == 0 || $0 == 2) }   // airplane and bird swap sides
        #expect(Claims.claim1(cifar: LinearAffinity(m1: swapped, m2: swapped)).verdict == .fail)
        #expect(Claims.claim1(cifar: nil).verdict == .notEvaluated)
    }

    @Test func claim2BothParts() {
        func matrix(control: Double, first: Double) -> [[Double]] {
            var m = (0..<4).map { a in (0..<4).map { b in a == b ? 1.0 : (a == 3 || b == 3 ? control : 0.5) } }
            m[0][1] = first; m[1][0] = first
            return m
        }
        let pass = matrix(control: 0.1, first: 0.5)
        #expect(Claims.claim2(synthetic: LinearAffinity(m1: pass, m2: pass)).verdict == .pass)
        let strongControl = matrix(control: 0.6, first: 0.5)
        let result = Claims.claim2(synthetic: LinearAffinity(m1: strongControl, m2: strongControl))
        #expect(result.verdict == .fail && result.value("part a") == 0 && result.value("part b") == 1)
        let ranked = matrix(control: 0.1, first: 0.7)
        #expect(Claims.claim2(synthetic: LinearAffinity(m1: ranked, m2: ranked)).value("part b") == 0)
    }

    @Test func claim3ComparesRunAverages() {
        #expect(Claims.claim3(Make.analysis(target: 0.2)).verdict == .pass)
        let failing = Claims.claim3(Make.analysis(target: 0.6))
        #expect(failing.verdict == .fail)
        #expect(abs(failing.value("task 1 target alignment")! - 0.6) < 1e-12)
        #expect(abs(failing.value("task 1 deviation alignment")! - 0.5) < 1e-12)
        #expect(failing.value("run-task pairs holding") == 0)
    }

    @Test func claim4ComparesFluctuations() {
        let offMoves = Make.analysis(deviation: { _, t, a, b in a == b ? 0.5 : (t % 2 == 0 ? 0.1 : -0.1) })
        let result = Claims.claim4(offMoves)
        #expect(result.verdict == .pass)
        // 11 values at 0.1 and 10 at -0.1: std = 0.2 sqrt(11 * 10) / 21.
        #expect(abs(result.value("off-diagonal std")! - 0.2 * (110.0).squareRoot() / 21) < 1e-12)
        #expect(result.value("diagonal std") == 0)
        let diagonalMoves = Make.analysis(deviation: { _, t, a, b in a == b ? Double(t) * 0.01 : 0.05 })
        #expect(Claims.claim4(diagonalMoves).verdict == .fail)
    }

    @Test func claim5NTKOrderAndGThreshold() {
        // Diagonal above 0.8 from epoch 0; off-diagonal from checkpoint 5 (epoch 20).
        let ntk: (Int, Int, Int, Int) -> Double = { _, t, a, b in a == b || t >= 5 ? 0.9 : 0.5 }
        let pass = Claims.claim5(Make.analysis(ntk: ntk))
        #expect(pass.verdict == .pass)
        #expect(pass.value("earliest off-diagonal first-exceed epoch") == 20)
        let lateOff: (Int, Int, Int, Int) -> Double = { _, t, a, b in a == b || t >= 16 ? 0.9 : 0.5 }   // epoch 64
        #expect(Claims.claim5(Make.analysis(ntk: lateOff)).verdict == .fail)
        let gDrops = Claims.claim5(Make.analysis(ntk: ntk, g: { _, t, _, _ in t == 10 ? 0.5 : 0.95 }))
        #expect(gDrops.verdict == .fail && gDrops.value("minimum G cross-run alignment") == 0.5)
        let sameTime = Claims.claim5(Make.analysis(ntk: { _, _, _, _ in 0.9 }))
        #expect(sameTime.verdict == .fail)
    }

    @Test func claim6OrderingFromEpoch50() {
        // S[0->1], S[1->0] = 1, among 0-2 otherwise 0.5, anything with task 3 = 0.1; before epoch 50 scrambled.
        let s: (Int, Int, Int) -> Double = { t, a, b in
            if a == b { return 2 }
            if Make.epochs[t] < 50 { return Double((a * 7 + b * 3) % 5) }
            if (a, b) == (0, 1) || (a, b) == (1, 0) { return 1 }
            return a == 3 || b == 3 ? 0.1 : 0.5
        }
        let pass = Claims.claim6(Make.analysis(s: s))
        #expect(pass.verdict == .pass)
        #expect(pass.value("checkpoints judged") == 8)   // epochs 52 ... 80
        let controlHigh = Claims.claim6(Make.analysis(s: { t, a, b in b == 3 && a == 2 ? 0.7 : s(t, a, b) }))
        #expect(controlHigh.verdict == .fail && controlHigh.value("checkpoints with 1-2 on top") == 8)
        #expect(controlHigh.value("checkpoints with task 4 lowest") == 0)
    }
}
