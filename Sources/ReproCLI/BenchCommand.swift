internal import Foundation
internal import ReproSupport

/// One benchmark: a name and a function that prints its measurements.
struct Benchmark: Sendable {
    let name: String
    let summary: String
    let run: @Sendable () throws -> Void
}

/// `repro bench`: measurements printed side by side in one run (see BENCHMARKS.md).
struct BenchCommand: Command {
    let name = "bench"
    let summary = "measure the speed of hashing and the other hot paths"
    var usage: String {
        """
        usage: repro bench [--only NAME]...

        Runs the benchmarks and prints their figures. Benchmarks:
        \(Self.benchmarks.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n"))
        """
    }

    static let benchmarks: [Benchmark] = [
        Benchmark(name: "sha256", summary: "SHA-256 of a 1 GiB file (libcrypto EVP)", run: benchmarkSHA256),
        Benchmark(name: "pipeline-noop", summary: "no-op repro run and repro status with 1 GiB of outputs", run: benchmarkPipelineNoop),
        Benchmark(name: "pipeline-plan", summary: "planning a generated 10,000-stage DAG", run: benchmarkPipelinePlan),
        Benchmark(name: "hdf5", summary: "1 GiB float32 dataset in chunks vs a plain file, write and read", run: benchmarkHDF5),
        Benchmark(name: "model", summary: "sgemm peak, training steps/s, NTK structured vs Jacobian, projected experiment",
                  run: benchmarkModel),
        Benchmark(name: "paper-run", summary: "one seed, 300 epochs at paper settings on stand-in synthetic data",
                  run: benchmarkPaperRun),
        Benchmark(name: "linear-affinity", summary: "CIFAR-10 read + Propositions 1 and 2 on 50,000 x 3072",
                  run: benchmarkLinearAffinity),
    ]

    func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments, command: name, options: ["--only"])
        if parsed.has("--help") { print(usage); return ExitStatus.success }
        if let extra = parsed.positionals.first { throw UsageError.unexpectedArgument(command: name, argument: extra) }
        let only = parsed.values("--only")
        for wanted in only where !Self.benchmarks.contains(where: { $0.name == wanted }) {
            throw UsageError.badValue(command: name, option: "--only", value: wanted,
                                      expected: Self.benchmarks.map(\.name).joined(separator: ", "))
        }
        for benchmark in Self.benchmarks where only.isEmpty || only.contains(benchmark.name) {
            print("== \(benchmark.name): \(benchmark.summary)")
            try benchmark.run()
        }
        return ExitStatus.success
    }
}

/// Seconds taken by `body`, from a monotonic clock.
func measureSeconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ProgressDisplay.monotonicSeconds()
    try body()
    return ProgressDisplay.monotonicSeconds() - start
}

@Sendable func benchmarkSHA256() throws {
    let size = 1 << 30
    let folder = NSTemporaryDirectory() + "repro-bench-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/1GiB.bin"
    var block = [UInt8](repeating: 0, count: 4 << 20)
    for index in block.indices { block[index] = UInt8(truncatingIfNeeded: index &* 2_654_435_761 >> 11) }
    guard FileManager.default.createFile(atPath: path, contents: nil),
          let handle = FileHandle(forWritingAtPath: path) else {
        throw SupportError.io(operation: "create", path: path, errno: errno)
    }
    for _ in 0..<(size / block.count) { handle.write(Data(block)) }
    try handle.close()

    let memory = try measureSeconds { _ = try SHA256.hash(block) }
    var digest = Digest(bytes: [])
    // The first pass warms the page cache; the figure is the best of three passes.
    var best = Double.infinity
    for _ in 0..<3 { best = min(best, try measureSeconds { digest = try SHA256.hash(fileAt: path) }) }
    let gbPerSecond = Double(size) / best / 1e9
    print(String(format: "  4 MiB buffer in memory: %.2f GB/s", Double(block.count) / memory / 1e9))
    print(String(format: "  1 GiB file (page cache): %.3f s, %.2f GB/s (digest %@...)",
                 best, gbPerSecond, String(digest.hex.prefix(16))))
}
