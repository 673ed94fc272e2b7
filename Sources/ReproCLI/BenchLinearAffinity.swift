internal import Foundation
internal import Science

/// Reads the CIFAR-10 training set (from `REPRO_CIFAR10`, else `../shared/data/cifar-10-batches-bin`,
/// else `data/cifar-10-batches-bin`) and times the linear affinity on it; prints claim 1 as a check.
@Sendable func benchmarkLinearAffinity() throws {
    let candidates = [ProcessInfo.processInfo.environment["REPRO_CIFAR10"], "../shared/data/cifar-10-batches-bin",
                      "data/cifar-10-batches-bin"].compactMap { $0 }
    guard let folder = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
        print("  skipped: no CIFAR-10 folder (\(candidates.joined(separator: ", ")))")
        return
    }
    var set: CIFAR10Set?
    let read = try measureSeconds { set = try CIFAR10.load(folder: folder) }
    guard let set else { return }
    let y = set.oneVsRest()
    var affinity: LinearAffinity?
    var best = Double.infinity
    for _ in 0..<3 { best = min(best, try measureSeconds { affinity = try LinearAffinity(x: set.images, y: y) }) }
    print(String(format: "  read 5 batches (%d images): %.2f s", set.count, read))
    print(String(format: "  M1 and M2 on [%d, %d], %d tasks: %.2f s (best of 3, %d cores)",
                 set.count, 3072, CIFAR10.classNames.count, best, ProcessInfo.processInfo.activeProcessorCount))
    if let affinity { print("  claim 1: \(Claims.claim1(cifar: affinity).summary)") }
    try reportSyntheticLinearAffinity()
}

/// The linear affinity on the default synthetic training set (4000 x 10), with claim 2 as a check.
func reportSyntheticLinearAffinity() throws {
    let data = try SyntheticData()
    let affinity = try LinearAffinity(x: data.train.x, y: data.train.y)
    let rows = affinity.m2Normalized.map { $0.map { String(format: "%6.3f", $0) }.joined(separator: " ") }
    print("  synthetic normalized M2:\n    " + rows.joined(separator: "\n    "))
    print("  claim 2: \(Claims.claim2(synthetic: affinity).summary)")
}
