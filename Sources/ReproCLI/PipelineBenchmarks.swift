internal import Foundation
internal import Pipeline
internal import ReproSupport

/// A stage kind for the benchmarks only: writes `mib` MiB of deterministic bytes.
struct BenchFillKind: StageKind {
    let name = "bench-fill"
    var parameters: [ParameterSpec] {
        [ParameterSpec("mib", .int, default: 0, doc: "MiB to write"), ParameterSpec("id", .int, default: 0, doc: "makes contents differ")]
    }

    func run(_ context: StageContext) throws {
        let mib = try context.params.int("mib")
        let id = try context.params.int("id")
        var block = [UInt8](repeating: 0, count: 1 << 20)
        for i in block.indices { block[i] = UInt8(truncatingIfNeeded: (i &+ id) &* 2_654_435_761 >> 13) }
        let path = context.outputPath
        guard FileManager.default.createFile(atPath: path, contents: Data("\(id)".utf8)),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw SupportError.io(operation: "create", path: path, errno: errno)
        }
        handle.seekToEndOfFile()
        for _ in 0..<mib { handle.write(Data(block)) }
        try handle.close()
    }
}

/// Runs `body` in `folder` with the benchmark kinds registered, restoring the working directory after.
private func inProject<T>(_ folder: String, _ body: () throws -> T) rethrows -> T {
    let previous = FileManager.default.currentDirectoryPath
    _ = FileManager.default.changeCurrentDirectoryPath(folder)
    defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
    return try StageCatalog.$kinds.withValue([BenchFillKind()]) { try body() }
}

private func benchFolder(_ name: String) throws -> String {
    let folder = NSTemporaryDirectory() + "repro-bench-\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

/// Best of `count` timings of `body`, in seconds.
private func best(_ count: Int, _ body: () throws -> Void) rethrows -> Double {
    var out = Double.infinity
    for _ in 0..<count { out = min(out, try measureSeconds(body)) }
    return out
}

/// No-op `repro run` and `repro status` on a project holding 1 GiB of outputs (16 stages x 64 MiB).
@Sendable func benchmarkPipelineNoop() throws {
    let folder = try benchFolder("noop")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var stages: [String] = []
    for i in 0..<16 {
        let inputs = i == 0 ? "[]" : "[\"s\(i - 1)\"]"
        stages.append("\"s\(i)\": {\"kind\": \"bench-fill\", \"params\": {\"mib\": 64, \"id\": \(i)}, \"inputs\": \(inputs)}")
    }
    try Data("{\"stages\": {\(stages.joined(separator: ", "))}}".utf8).write(to: URL(fileURLWithPath: folder + "/pipeline.json"))
    let null = FileHandle(forWritingAtPath: "/dev/null")
    let create = try measureSeconds {
        guard inProject(folder, { ReproMain.run(["run", "--quiet"]) }) == ExitStatus.success else {
            throw SupportError.io(operation: "repro run", path: folder, errno: EIO)
        }
    }
    print(String(format: "  first run (write and hash 1 GiB): %.2f s", create))
    // Outputs of stdout are discarded while timing, so the terminal does not count.
    let saved = dup(STDOUT_FILENO)
    fflush(nil)
    if let null { dup2(null.fileDescriptor, STDOUT_FILENO) }
    let run = inProject(folder) { best(5) { _ = ReproMain.run(["run", "--quiet"]) } }
    let status = inProject(folder) { best(5) { _ = ReproMain.run(["status"]) } }
    fflush(nil)
    dup2(saved, STDOUT_FILENO)
    close(saved)
    print(String(format: "  no-op repro run:    %.1f ms (best of 5; goal < 100 ms)", run * 1000))
    print(String(format: "  repro status:       %.1f ms (best of 5; goal < 100 ms)", status * 1000))
}

/// Loading, validating, ordering and planning a generated 10,000-stage DAG.
@Sendable func benchmarkPipelinePlan() throws {
    let folder = try benchFolder("plan")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let count = 10_000
    var stages: [String] = []
    for i in 0..<count {
        let inputs = i == 0 ? [] : Array(Set([i - 1, i / 2])).sorted().map { "\"s\($0)\"" }
        stages.append("\"s\(i)\": {\"kind\": \"bench-fill\", \"params\": {\"id\": \(i)}, \"inputs\": [\(inputs.joined(separator: ","))]}")
    }
    let data = Data("{\"stages\": {\(stages.joined(separator: ", "))}}".utf8)
    try data.write(to: URL(fileURLWithPath: folder + "/pipeline.json"))
    var definition: PipelineDefinition?
    let load = try best(3) { definition = try PipelineDefinition.parse(data, kinds: [BenchFillKind()]) }
    guard let definition else { return }
    let status = best(3) {
        let planner = Planner(definition: definition, store: Store(projectRoot: folder), lock: LockFile())
        _ = planner.statusOfAll()
    }
    var options = RunOptions()
    options.dryRun = true
    let dry = try best(3) { _ = try Runner(definition: definition, projectRoot: folder).run(options) }
    print(String(format: "  load + validate + order %d stages: %.0f ms", count, load * 1000))
    print(String(format: "  status of every stage (empty lock): %.0f ms", status * 1000))
    print(String(format: "  dry run (plan every stage):         %.0f ms (goal: planning < 1 s)", dry * 1000))
}
