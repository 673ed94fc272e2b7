internal import Foundation
internal import Model
internal import Tensors

/// SPEC-like stand-in for the synthetic data (SPEC.md section 1): x uniform in [-1, 1]^10, `perClass`
/// points drawn inside each of the four shells by rejection, multi-hot labels. For benchmarks only.
func standInSyntheticData(perClass: Int, seed: UInt64) throws -> Dataset {
    let regions: [([Float]) -> Bool] = [
        { let r = ($0[0] * $0[0] + $0[1] * $0[1]).squareRoot(); return r >= 0.65 && r <= 0.70 },
        { let v = $0[0] * $0[0] + $0[1] * $0[1] - $0[2]; return v > 0.40 && v < 0.50 },
        { let r = ($0[0] * $0[0] + $0[1] * $0[1] + $0[2] * $0[2]).squareRoot(); return r >= 0.40 && r <= 0.50 },
        { let r = ($0[3] * $0[3] + $0[4] * $0[4]).squareRoot(); return r >= 0.65 && r <= 0.70 },
    ]
    var stream = Philox(seed: seed).stream(1)
    var x = [Float](), y = [Float]()
    for region in regions {
        var accepted = 0
        while accepted < perClass {
            let point = (0..<10).map { _ in Float(stream.nextUniform(in: -1, 1)) }
            guard region(point) else { continue }
            x += point
            y += regions.map { $0(point) ? 1 : 0 }
            accepted += 1
        }
    }
    return try Dataset(x: Tensor(shape: [4 * perClass, 10], scalars: x), y: Tensor(shape: [4 * perClass, 4], scalars: y))
}

/// Every `stride`-th point of `data`: the probe set (ordered by class when data is).
func subsample(_ data: Dataset, every stride: Int) throws -> Dataset {
    let rows = Array(Swift.stride(from: 0, to: data.count, by: stride))
    let d = data.x.shape[1], c = data.y.shape[1]
    return try Dataset(x: Tensor(shape: [rows.count, d], scalars: rows.flatMap { data.x.scalars[($0 * d)..<($0 * d + d)] }),
                       y: Tensor(shape: [rows.count, c], scalars: rows.flatMap { data.y.scalars[($0 * c)..<($0 * c + c)] }))
}

func bestSeconds(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats { best = min(best, try measureSeconds(body)) }
    return best
}

/// sgemm GFLOP/s at 4096^2 with `threads` OpenBLAS threads (best of 3).
func sgemmPeak(threads: Int, size: Int = 4096) -> Double {
    BLAS.setThreads(threads)
    let a = [Float](repeating: 0.5, count: size * size), b = [Float](repeating: 0.25, count: size * size)
    var c = [Float](repeating: 0, count: size * size)
    let seconds = bestSeconds(3) {
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    BLAS.gemm(transposeA: false, transposeB: false, m: size, n: size, k: size, alpha: 1, a: a.baseAddress!,
                              lda: size, b: b.baseAddress!, ldb: size, beta: 0, c: c.baseAddress!, ldc: size)
                }
            }
        }
    }
    return 2 * pow(Double(size), 3) / seconds / 1e9
}

@Sendable func benchmarkModel() throws {
    let peak2 = sgemmPeak(threads: 2), peak1 = sgemmPeak(threads: 1)
    print(String(format: "  sgemm 4096^2: %.1f GFLOP/s on 2 threads, %.1f GFLOP/s on 1 thread", peak2, peak1))

    let model = ModelConfig.paper()
    let train = try standInSyntheticData(perClass: 1000, seed: 0)
    let test = try standInSyntheticData(perClass: 250, seed: 1)
    let probe = try subsample(train, every: 20)
    let loss = WeightedBCE(tasks: 4)
    let batchX = try Tensor(shape: [128, 10], scalars: Array(train.x.scalars[0..<1280]))
    let batchY = try Tensor(shape: [128, 4], scalars: Array(train.y.scalars[0..<512]))
    let flopsPerStep = model.denseLayers.reduce(0.0) { total, layer in
        total + 2 * 128 * Double(layer.fanIn * layer.fanOut) * (layer.layerIndex == 0 ? 2 : 3)
    }
    for threads in [2, 1] {
        BLAS.setThreads(threads)
        let network = Network(try Parameters<Float>(config: model, seed: 0))
        let steps = 300
        try network.sgdStep(x: batchX, y: batchY, loss: loss, learningRate: 0.001)
        let seconds = try bestSeconds(3) {
            for _ in 0..<steps { try network.sgdStep(x: batchX, y: batchY, loss: loss, learningRate: 0.001) }
        }
        let rate = Double(steps) / seconds
        let peak = threads == 2 ? peak2 : peak1
        print(String(format: "  training, batch 128, width 256, %d thread(s): %.0f steps/s, %.1f GFLOP/s = %.0f%% of sgemm peak",
                     threads, rate, rate * flopsPerStep / 1e9, 100 * rate * flopsPerStep / 1e9 / peak))
    }
    // Two runs side by side, one BLAS thread each (how seeds run in parallel).
    BLAS.setThreads(1)
    let parallelSteps = 300
    let parallelSeconds = measureSeconds {
        DispatchQueue.concurrentPerform(iterations: 2) { run in
            guard let network = try? Network(Parameters<Float>(config: model, seed: UInt64(run))) else { return }
            for _ in 0..<parallelSteps { _ = try? network.sgdStep(x: batchX, y: batchY, loss: loss, learningRate: 0.001) }
        }
    }
    let parallelRate = Double(2 * parallelSteps) / parallelSeconds
    print(String(format: "  training, 2 runs in parallel x 1 thread: %.0f steps/s together = %.0f%% of 2-thread sgemm peak",
                 parallelRate, 100 * parallelRate * flopsPerStep / 1e9 / peak2))

    BLAS.setThreads(2)
    let network = Network(try Parameters<Float>(config: model, seed: 0))
    var structured = try network.empiricalNTK(probe.x)
    let ntkSeconds = try bestSeconds(5) { structured = try network.empiricalNTK(probe.x) }
    var plain = structured
    let jacobianSeconds = try measureSeconds { plain = try network.jacobianNTK(probe.x) }
    let scale = plain.scalars.map(abs).max() ?? 1
    print(String(format: "  NTK, %d points x 4 outputs x width 256 (2 threads): structured %.1f ms, Jacobian %.0f ms (%.0fx); max |difference| / max |K| = %.1e",
                 probe.count, 1000 * ntkSeconds, 1000 * jacobianSeconds, jacobianSeconds / ntkSeconds,
                 Double(try structured.maxAbsDifference(plain)) / Double(scale)))
    let twoThreads = structured
    BLAS.setThreads(1)
    let ntkOneThread = try bestSeconds(5) { structured = try network.empiricalNTK(probe.x) }
    print(String(format: "  NTK structured on 1 thread: %.1f ms; bit-identical to 2 threads: %@", 1000 * ntkOneThread,
                 structured == twoThreads ? "yes" : "NO"))

    // The whole experiment, projected from the driver itself: 8 epochs with 2 and with 9 checkpoints.
    @Sendable func driver(epochs: Int, every: Int, threads: Int, seed: UInt64) throws -> Double {
        var training = TrainingConfig()
        training.epochs = epochs
        training.checkpointEvery = every
        training.blasThreads = threads
        return try measureSeconds {
            _ = try Training.run(model: model, training: training, seed: seed, train: train, test: test, probe: probe) { _ in }
        }
    }
    let few = try driver(epochs: 8, every: 8, threads: 2, seed: 0), many = try driver(epochs: 8, every: 1, threads: 2, seed: 0)
    let checkpoint = (many - few) / 7, epoch = (few - 2 * checkpoint) / 8
    let sequential = 5 * (300 * epoch + 76 * checkpoint)
    print(String(format: "  driver, 1 run x 2 threads: epoch (32 steps) %.0f ms, checkpoint (NTK + losses + accuracies) %.0f ms",
                 1000 * epoch, 1000 * checkpoint))
    let pairSeconds = measureSeconds {
        DispatchQueue.concurrentPerform(iterations: 2) { run in
            _ = try? driver(epochs: 8, every: 4, threads: 1, seed: UInt64(run))
        }
    }
    let perPair = pairSeconds / (8 * epoch + 3 * checkpoint) * (300 * epoch + 76 * checkpoint)
    let parallel = 2 * perPair + (300 * epoch + 76 * checkpoint)
    print(String(format: "  projected SPEC experiment (5 seeds x 300 epochs, 4000 points, 76 NTK checkpoints): %.0f s sequential (2 threads per run), %.0f s with seeds in pairs (1 thread each, the fifth alone on 2)",
                 sequential, parallel))
}

/// One seed at paper settings on the stand-in synthetic data: 300 epochs, checkpoints every 4 epochs.
@Sendable func benchmarkPaperRun() throws {
    let train = try standInSyntheticData(perClass: 1000, seed: 0)
    let test = try standInSyntheticData(perClass: 250, seed: 1)
    let probe = try subsample(train, every: 20)
    var training = TrainingConfig()
    training.blasThreads = 2
    var first: Checkpoint?, last: Checkpoint?
    let seconds = try measureSeconds {
        _ = try Training.run(model: .paper(), training: training, seed: 0, train: train, test: test, probe: probe) { checkpoint in
            if first == nil { first = checkpoint }
            last = checkpoint
            if checkpoint.epoch % 50 == 0 {
                print(String(format: "  epoch %3d: train loss %.4f, test accuracy %@", checkpoint.epoch,
                             checkpoint.trainLoss.reduce(0, +),
                             checkpoint.testAccuracy.map { String(format: "%.3f", $0) }.joined(separator: " ")))
            }
        }
    }
    guard let first, let last else { return }
    let start = first.trainLoss.reduce(0, +), end = last.trainLoss.reduce(0, +)
    print(String(format: "  300 epochs in %.1f s; weighted train loss %.4f -> %.4f (%.1f%% of the start)", seconds, start, end, 100 * end / start))
    print("  per-task train accuracy: " + last.trainAccuracy.map { String(format: "%.3f", $0) }.joined(separator: " "))
    print("  per-task test accuracy:  " + last.testAccuracy.map { String(format: "%.3f", $0) }.joined(separator: " "))
}
