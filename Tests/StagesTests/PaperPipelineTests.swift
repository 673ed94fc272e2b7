import Foundation
import HDF5Store
import Pipeline
import ReproSupport
import Stages
import Testing
import TestSupport

/// The paper's stages run end to end on a small configuration, checked against direct computations
/// from the stored tensors (independent of the analysis code).
@Suite(.serialized) struct PaperPipelineTests {
    @Test func runsEverythingThenNothing() throws {
        let project = try PaperProject()
        let first = try project.run()
        #expect(first.failed.isEmpty)
        #expect(first.skipped.isEmpty)
        #expect(Set(first.executed) == ["synthetic", "cifar10", "linear-cifar10", "linear-synthetic", "train[seed=0]",
                                         "train[seed=1]", "alignment", "affinity", "claims"])
        let second = try project.run()
        #expect(second.executed.isEmpty)
        #expect(second.restored.isEmpty)

        // Layouts of docs/outputs.md.
        let train = try project.reader("outputs/train/seed-1.h5")
        #expect(try train.shape(of: "ntk") == [3, 4, 4, 20, 20])
        #expect(try train.read("epoch", as: Int32.self).values == [0, 2, 4])
        #expect(try train.dimensions(of: "ntk") == ["epoch", "task_a", "task_b", "probe_i", "probe_j"])
        #expect(try train.shape(of: "weights/epoch_4/layer_1_W") == [8, 8])
        let claims = try project.reader("outputs/claims.h5")
        let verdicts = try claims.read("verdict", as: Int32.self)
        #expect(verdicts.shape == [8, 6])
        #expect(verdicts.values.allSatisfy { $0 == 0 || $0 == 1 })   // every claim evaluated (CIFAR present)
        // A 4-epoch run leaves some measured values non-finite (e.g. a threshold never crossed): they are
        // written as strings, never turning the claims into null.
        let results = try #require(try claims.json("results")?.arrayValue)
        #expect(results.count == 8)
        #expect(results.allSatisfy { $0["claims"]?.arrayValue?.count == 6 })
    }

    @Test func affinityAndAlignmentMatchDirectComputation() throws {
        let project = try PaperProject(cifarRecordsPerFile: nil)
        try project.run()
        let runs = try ["outputs/train/seed-0.h5", "outputs/train/seed-1.h5"].map { try project.reader($0) }
        let ntk = try runs.map { try $0.read("ntk", as: Double.self).values }
        let residuals = try runs.map { try $0.read("residuals", as: Double.self).values }
        let losses = try runs.map { try $0.read("probe_loss", as: Double.self).values }
        let labels = try project.reader("outputs/synthetic.h5").read("probe_y", as: Bool.self).values
        let (c, n, k) = (4, 20, 1)   // checkpoint 1 = epoch 2
        func K(_ run: Int, _ a: Int, _ b: Int, _ i: Int, _ j: Int) -> Double {
            ntk[run][((((k * c + a) * c + b) * n + i) * n) + j]
        }
        func r(_ run: Int, _ i: Int, _ a: Int) -> Double { residuals[run][(k * n + i) * c + a] }

        let affinity = try project.reader("outputs/affinity.h5")
        let sMean = try affinity.read("s_mean", as: Double.self)
        #expect(sMean.shape == [8, 3, c, c])
        for a in 0..<c {
            for b in 0..<c {
                var inner = 0.0
                for i in 0..<n {
                    for j in 0..<n {
                        let kbar = (K(0, b, a, i, j) + K(1, b, a, i, j)) / 2
                        let gbar = (r(0, i, b) * r(0, j, a) + r(1, i, b) * r(1, j, a)) / 2
                        inner += kbar * gbar
                    }
                }
                let loss = (losses[0][k * c + b] + losses[1][k * c + b]) / 2
                let expected = 1.0 * inner / (Double(n * n) * loss)
                let stored = sMean.values[((0 * 3 + k) * c + a) * c + b]
                #expect(isClose(stored, expected, relative: 1e-4, floor: 1e-9), "S[\(a) -> \(b)]: \(stored) vs \(expected)")
            }
        }

        let alignment = try project.reader("outputs/alignment.h5")
        let deviation = try alignment.read("deviation_alignment", as: Double.self).values
        let target = try alignment.read("target_alignment", as: Double.self).values
        for a in 0..<c {
            for b in 0..<c {
                var dot = 0.0, kk = 0.0, gg = 0.0
                for i in 0..<n {
                    for j in 0..<n {
                        let g = r(0, i, a) * r(0, j, b)
                        dot += K(0, a, b, i, j) * g
                        kk += K(0, a, b, i, j) * K(0, a, b, i, j)
                        gg += g * g
                    }
                }
                let stored = deviation[(((0 * 2 + 0) * 3 + k) * c + a) * c + b]
                #expect(isClose(stored, dot / (kk * gg).squareRoot(), relative: 1e-4, floor: 1e-9))
            }
            var dot = 0.0, kk = 0.0, tt = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    let t = (labels[i * c + a] ? 1.0 : -1.0) * (labels[j * c + a] ? 1.0 : -1.0)
                    dot += K(0, a, a, i, j) * t
                    kk += K(0, a, a, i, j) * K(0, a, a, i, j)
                    tt += t * t
                }
            }
            #expect(isClose(target[((0 * 2 + 0) * 3 + k) * c + a], dot / (kk * tt).squareRoot(), relative: 1e-4))
            // Reading 1 (loss-gradient/uncentered/01): t = y.
            var dot01 = 0.0, tt01 = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    let t = (labels[i * c + a] ? 1.0 : 0.0) * (labels[j * c + a] ? 1.0 : 0.0)
                    dot01 += K(0, a, a, i, j) * t
                    tt01 += t * t
                }
            }
            #expect(isClose(target[((1 * 2 + 0) * 3 + k) * c + a], dot01 / (kk * tt01).squareRoot(), relative: 1e-4))
        }
    }

    @Test func linearAffinityMatchesDirectGramMatrix() throws {
        let project = try PaperProject(cifarRecordsPerFile: nil)
        try project.run()
        let data = try project.reader("outputs/synthetic.h5")
        let x = try data.read("train_x", as: Double.self)
        let y = try data.read("train_y", as: Bool.self).values
        let (count, d, c) = (x.shape[0], x.shape[1], 4)
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<count { for f in 0..<d { mean[f] += x.values[i * d + f] / Double(count) } }
        var gram = [Double](repeating: 0, count: count * count)   // X X^T of the centered X, formed directly
        for i in 0..<count {
            for j in 0..<count {
                var sum = 0.0
                for f in 0..<d { sum += (x.values[i * d + f] - mean[f]) * (x.values[j * d + f] - mean[f]) }
                gram[i * count + j] = sum
            }
        }
        let stored = try project.reader("outputs/linear-synthetic.h5").read("m2", as: Double.self)
        #expect(stored.shape == [c, c])
        for a in 0..<c {
            for b in 0..<c {
                var m2 = 0.0
                for i in 0..<count {
                    for j in 0..<count {
                        let deltaB = (y[i * c + b] ? 1.0 : 0.0) - 0.25, deltaA = (y[j * c + a] ? 1.0 : 0.0) - 0.25
                        m2 += deltaB * gram[i * count + j] * deltaA
                    }
                }
                #expect(isClose(stored.values[a * c + b], m2, relative: 1e-6, floor: 1e-9))
            }
        }
    }

    @Test func generatedPointsLieInTheirRegion() throws {
        let project = try PaperProject(cifarRecordsPerFile: nil)
        try project.run()
        let data = try project.reader("outputs/synthetic.h5")
        let x = try data.read("train_x", as: Double.self).values
        let classes = try data.read("train_class", as: Int32.self).values
        let y = try data.read("train_y", as: Bool.self).values
        // SPEC 1, written out independently of the Region type.
        func inside(_ p: ArraySlice<Double>, _ region: Int) -> Bool {
            let v = Array(p)
            switch region {
            case 0: let r = (v[0] * v[0] + v[1] * v[1]).squareRoot(); return r >= 0.65 && r <= 0.70
            case 1: let q = v[0] * v[0] + v[1] * v[1] - v[2]; return q > 0.40 && q < 0.50
            case 2: let r = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).squareRoot(); return r >= 0.40 && r <= 0.50
            default: let r = (v[3] * v[3] + v[4] * v[4]).squareRoot(); return r >= 0.65 && r <= 0.70
            }
        }
        #expect(classes.count == 160)
        for (i, klass) in classes.enumerated() {
            let point = x[(i * 10)..<(i * 10 + 10)]
            #expect(inside(point, Int(klass) - 1))
            for region in 0..<4 { #expect(y[i * 4 + region] == inside(point, region)) }
        }
    }

    @Test func absentCIFARSkipsOnlyItsStagesAndClaimOneIsNotEvaluated() throws {
        let project = try PaperProject(cifarRecordsPerFile: nil)
        let report = try project.run()
        #expect(Set(report.skipped.map(\.stage)) == ["cifar10", "linear-cifar10"])
        #expect(report.skipped.first { $0.stage == "cifar10" }?.reason.contains("cifar-10-binary.tar.gz") == true)
        #expect(report.failed.isEmpty)
        #expect(report.executed.contains("claims"))
        let verdicts = try project.reader("outputs/claims.h5").read("verdict", as: Int32.self).values
        #expect(verdicts[0] == -1)   // claim 1 under the default reading
        #expect(verdicts[1] != -1)
    }

    @Test func aMissingBatchFileIsNamed() throws {
        let project = try PaperProject()
        try FileManager.default.removeItem(atPath: project.path("cifar/data_batch_4.bin"))
        let report = try project.run()
        let reason = report.skipped.first { $0.stage == "cifar10" }?.reason ?? ""
        #expect(reason.contains("data_batch_4.bin is missing"), "\(reason)")
        #expect(reason.contains("cifar-10-binary.tar.gz"))
    }

    @Test func malformedCIFARFileIsANamedError() throws {
        let project = try PaperProject(corruptCIFAR: true)
        let report = try project.run()
        let failure = report.failed.first { $0.stage == "cifar10" }
        #expect(failure != nil)
        #expect(failure?.message.contains("data_batch_3.bin") == true)
        #expect(failure?.message.contains("not a multiple of the record size 3073") == true)
        #expect(report.executed.contains("claims"))   // the optional input failed; claims still ran
    }
}
