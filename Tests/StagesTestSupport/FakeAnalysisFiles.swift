internal import HDF5Store
public import ReproSupport
internal import Foundation

/// Small, plausible analysis files laid out exactly as docs/outputs.md says, for the tests of the
/// stages that read them (figures, report, claims). Values are smooth deterministic functions of
/// the indices (no RNG), shaped like the paper's curves. `omit` leaves datasets out, to test errors.
public enum FakeAnalysisFiles {
    /// The eight SPEC 8 readings, the default first: residual x alignment x target.
    public static let readings: [JSONValue] = {
        var out: [JSONValue] = []
        for residual in ["loss-gradient", "deviation"] {
            for alignment in ["uncentered", "centered"] {
                for target in ["pm1", "01"] {
                    out.append(["residual": .string(residual), "alignment": .string(alignment), "target": .string(target),
                                "name": .string("\(residual)/\(alignment)/\(target)")])
                }
            }
        }
        return out
    }()

    public static let cifarClasses = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

    /// `outputs/linear-cifar10.h5`: a 10 x 10 normalized M2 with living / non-living blocks.
    public static func writeLinearCIFAR(to path: String, omit: Set<String> = []) throws {
        let living: Set<Int> = [2, 3, 4, 5, 6, 7]
        let m = (0..<10).map { a in
            (0..<10).map { b -> Double in
                if a == b { return 1 }
                let same = living.contains(a) == living.contains(b)
                return (same ? 0.55 : -0.6) + 0.04 * Double((a * 7 + b * 3 + a * b) % 5) - 0.08
            }
        }
        try writeLinear(to: path, taskNames: cifarClasses, normalized: symmetric(m), dataset: "cifar10", omit: omit)
    }

    /// `outputs/linear-synthetic.h5`: 4 tasks, task 2 opposite to the others (as SPEC 9 found).
    public static func writeLinearSynthetic(to path: String, omit: Set<String> = []) throws {
        let m: [[Double]] = [
            [1.00, -0.83, 0.62, 0.21],
            [-0.83, 1.00, -0.58, -0.85],
            [0.62, -0.58, 1.00, 0.18],
            [0.21, -0.85, 0.18, 1.00],
        ]
        try writeLinear(to: path, taskNames: (1...4).map { "task \($0)" }, normalized: m, dataset: "synthetic", omit: omit)
    }

    /// A linear-affinity file: `m1`, `m2` and their normalized forms over (task_a, task_b).
    public static func writeLinear(to path: String, taskNames: [String], normalized: [[Double]], dataset: String,
                                   omit: Set<String> = []) throws {
        let writer = try HDF5Writer(path: path)
        let c = taskNames.count
        try writer.addCoordinate("task_a", values: (1...c).map(Int32.init), longName: "task a")
        try writer.addCoordinate("task_b", values: (1...c).map(Int32.init), longName: "task b")
        let flat = normalized.flatMap { $0 }
        var raw: [Double] = []
        for a in 0..<c {
            for b in 0..<c { raw.append(normalized[a][b] * 1000 * Double(a + 1) * Double(b + 1)) }
        }
        let items: [(String, [Double])] = [("m1", raw), ("m2", raw), ("m1_normalized", flat), ("m2_normalized", flat)]
        for (name, values) in items where !omit.contains(name) {
            try writer.write(values, shape: [c, c], name: name, dims: ["task_a", "task_b"],
                             metadata: VariableMetadata(longName: name, units: "1", description: "fake \(name)"))
        }
        if !omit.contains("task_names") { try writer.setJSON("task_names", .array(taskNames.map { .string($0) })) }
        try writer.setAttribute("dataset", .string(dataset))
        try writer.setAttribute("n_points", .int(4000))
        try writer.close()
    }

    /// `outputs/alignment.h5` over 8 readings, `runs` runs, the `epochs` checkpoints and `tasks` tasks.
    public static func writeAlignment(to path: String, runs: Int = 2, epochs: [Int] = [0, 4, 8, 12, 16],
                                      tasks: Int = 4, omit: Set<String> = []) throws {
        let writer = try HDF5Writer(path: path)
        try addCoordinates(writer, runs: runs, epochs: epochs, tasks: tasks)
        let last = Double(epochs.last ?? 1)
        func t(_ k: Int) -> Double { Double(epochs[k]) / max(last, 1) }
        func blocks(_ name: String, _ f: (Int, Int, Int, Int, Int) -> Double) throws {
            guard !omit.contains(name) else { return }
            var values: [Double] = []
            for r in 0..<8 { for s in 0..<runs { for k in epochs.indices { for a in 0..<tasks { for b in 0..<tasks {
                values.append(f(r, s, k, min(a, b), max(a, b)))
            } } } } }
            try writer.write(values, shape: [8, runs, epochs.count, tasks, tasks], name: name,
                             dims: ["reading", "run", "epoch", "task_a", "task_b"],
                             metadata: VariableMetadata(longName: name, units: "1"))
        }
        if !omit.contains("target_alignment") {
            var values: [Double] = []
            for r in 0..<8 { for s in 0..<runs { for k in epochs.indices { for a in 0..<tasks {
                values.append(0.12 + 0.02 * Double(a) + 0.05 * (1 - exp(-4 * t(k))) + wiggle(s, k, a, 0.015) - 0.01 * Double(r % 2))
            } } } }
            try writer.write(values, shape: [8, runs, epochs.count, tasks], name: "target_alignment",
                             dims: ["reading", "run", "epoch", "task"], metadata: VariableMetadata(longName: "target alignment", units: "1"))
        }
        try blocks("deviation_alignment") { r, s, k, a, b in
            a == b ? 0.55 + 0.05 * Double(a) + 0.08 * t(k) + wiggle(s, k, a, 0.02)
                : 0.1 * Double(a + b - 1) * t(k) + wiggle(s, k, a * 4 + b, 0.12) - 0.01 * Double(r)
        }
        try blocks("ntk_consistency") { _, s, k, a, b in
            a == b ? 0.97 + 0.02 * t(k) + wiggle(s, k, a, 0.005) - 0.005
                : 0.35 + 0.05 * Double(a + b) + (0.6 - 0.05 * Double(a + b)) * (1 - exp(-5 * t(k))) + wiggle(s, k, a + b, 0.03 * exp(-3 * t(k)))
        }
        try blocks("residual_consistency") { _, s, k, a, b in
            0.98 - (b == tasks - 1 ? 0.5 : 0.1) * t(k) - 0.01 * Double(a) + wiggle(s, k, a + b, 0.01)
        }
        try writer.setJSON("readings", .array(readings))
        try writer.close()
    }

    /// `outputs/affinity.h5`: S and P per reading and epoch, mean over runs and per run, and their totals.
    public static func writeAffinity(to path: String, runs: Int = 2, epochs: [Int] = [0, 4, 8, 12, 16],
                                     tasks: Int = 4, omit: Set<String> = []) throws {
        let writer = try HDF5Writer(path: path)
        try addCoordinates(writer, runs: runs, epochs: epochs, tasks: tasks)
        let last = Double(max(epochs.last ?? 1, 1))
        func s(_ r: Int, _ k: Int, _ a: Int, _ b: Int) -> Double {
            let t = Double(epochs[k]) / last
            if a == b { return 1.5 + 0.5 * t }
            if (a, b) == (0, 1) || (a, b) == (1, 0) { return 0.1 + 0.9 * t }
            if a == tasks - 1 || b == tasks - 1 { return -0.2 - 0.3 * t }
            return 0.15 + 0.1 * t * Double(a + b) - 0.01 * Double(r)
        }
        var mean: [Double] = [], perRun: [Double] = [], total: [Double] = []
        for r in 0..<8 { for k in epochs.indices { for a in 0..<tasks { for b in 0..<tasks { mean.append(s(r, k, a, b)) } } } }
        for r in 0..<8 { for run in 0..<runs { for k in epochs.indices { for a in 0..<tasks { for b in 0..<tasks {
            perRun.append(s(r, k, a, b) * (1 + 0.1 * Double(run)))
        } } } } }
        for r in 0..<8 { for a in 0..<tasks { for b in 0..<tasks { total.append(epochs.indices.map { s(r, $0, a, b) }.reduce(0, +)) } } }
        let meanDims = ["reading", "epoch", "task_a", "task_b"], runDims = ["reading", "run", "epoch", "task_a", "task_b"]
        let items: [(String, [Double], [Int], [String])] = [
            ("s_mean", mean, [8, epochs.count, tasks, tasks], meanDims),
            ("p_mean", mean.map { $0 * 0.3 }, [8, epochs.count, tasks, tasks], meanDims),
            ("s_run", perRun, [8, runs, epochs.count, tasks, tasks], runDims),
            ("p_run", perRun.map { $0 * 0.3 }, [8, runs, epochs.count, tasks, tasks], runDims),
            ("s_total", total, [8, tasks, tasks], ["reading", "task_a", "task_b"]),
            ("p_total", total.map { $0 * 0.3 }, [8, tasks, tasks], ["reading", "task_a", "task_b"]),
        ]
        for (name, values, shape, dims) in items where !omit.contains(name) {
            try writer.write(values, shape: shape, name: name, dims: dims, metadata: VariableMetadata(longName: name, units: "1"))
        }
        if !omit.contains("probe_loss_mean") {
            let loss = epochs.indices.flatMap { k in (0..<tasks).map { a in 1.2 * exp(-Double(epochs[k]) / 50) + 0.05 * Double(a) } }
            try writer.write(loss, shape: [epochs.count, tasks], name: "probe_loss_mean", dims: ["epoch", "task"],
                             metadata: VariableMetadata(longName: "probe loss", units: "1"))
        }
        try writer.setJSON("readings", .array(readings))
        try writer.close()
    }

    /// The six claims' titles (SPEC 7).
    public static let claimTitles = [
        "CIFAR-10 living / non-living split", "Synthetic linear affinity", "A(K, G) above A(K, yyᵀ)",
        "Off-diagonal alignments fluctuate more", "Cross-run consistency", "S[1 → 2] largest from epoch 50",
    ]

    /// `outputs/claims.h5`: `verdict[r][c]` for 8 readings x 6 claims (1, 0, -1) and the `results` JSON.
    /// By default claim 1 is not evaluated (no CIFAR-10), claims 2 and 4 fail, the others pass, and
    /// readings 4... flip claim 3.
    public static func writeClaims(to path: String, verdicts: [[Int32]]? = nil, omit: Set<String> = []) throws {
        let table = verdicts ?? (0..<8).map { r in [-1, 0, r >= 4 ? 0 : 1, 0, 1, 1] }
        let writer = try HDF5Writer(path: path)
        try writer.addCoordinate("reading", values: (0..<Int32(table.count)).map { $0 }, longName: "reading")
        try writer.addCoordinate("claim", values: (1...Int32(6)).map { $0 }, longName: "claim")
        if !omit.contains("verdict") {
            try writer.write(table.flatMap { $0 }, shape: [table.count, 6], name: "verdict", dims: ["reading", "claim"],
                             metadata: VariableMetadata(longName: "verdict", units: "1", description: "1 PASS, 0 FAIL, -1 not evaluated"))
        }
        var results: [JSONValue] = []
        for (r, row) in table.enumerated() {
            let claims: [JSONValue] = row.enumerated().map { c, verdict in
                let values: [JSONValue] = [
                    ["name": .string("measured \(c + 1)"), "value": .double(0.25 * Double(c + 1) + 0.001 * Double(r))],
                    ["name": "threshold", "value": .double(0.8)],
                ]
                return ["id": .int(Int64(c + 1)), "title": .string(claimTitles[c]), "statement": .string("Statement of claim \(c + 1)."),
                        "values": .array(values), "verdict": .int(Int64(verdict)), "summary": .string("Summary \(c + 1) under reading \(r).")]
            }
            results.append(["reading": r < readings.count ? readings[r] : ["name": .string("reading \(r)")], "claims": .array(claims)])
        }
        if !omit.contains("results") { try writer.setJSON("results", .array(results)) }
        try writer.setJSON("readings", .array(Array(readings.prefix(table.count))))
        try writer.close()
    }

    private static func addCoordinates(_ writer: HDF5Writer, runs: Int, epochs: [Int], tasks: Int) throws {
        try writer.addCoordinate("reading", values: (0..<Int32(8)).map { $0 }, longName: "reading (index into the root attribute readings)")
        try writer.addCoordinate("run", values: (0..<Int32(runs)).map { $0 }, longName: "seed")
        try writer.addCoordinate("epoch", values: epochs.map(Int32.init), units: "epoch", longName: "epoch")
        for name in ["task", "task_a", "task_b"] {
            try writer.addCoordinate(name, values: (1...Int32(tasks)).map { $0 }, longName: name)
        }
    }

    /// A deterministic fluctuation of size `amplitude`, different per run, checkpoint and curve.
    private static func wiggle(_ run: Int, _ k: Int, _ curve: Int, _ amplitude: Double) -> Double {
        amplitude * sin(1.7 * Double(k) + 2.3 * Double(run) + 0.9 * Double(curve)) * cos(0.45 * Double(k * (run + 1)) + Double(curve))
    }

    /// (m + mᵀ) / 2.
    private static func symmetric(_ m: [[Double]]) -> [[Double]] {
        m.indices.map { a in m.indices.map { b in (m[a][b] + m[b][a]) / 2 } }
    }
}
