import Testing
import Foundation
@testable import Science
import Tensors
import TestSupport

/// Writes a CIFAR-format batch: `labels.count` records, pixel p of record r = (r * 7 + p) % 256.
private func writeBatch(_ path: String, labels: [UInt8], extra: [UInt8] = []) throws {
    var bytes = [UInt8]()
    for (r, label) in labels.enumerated() {
        bytes.append(label)
        for p in 0..<3072 { bytes.append(UInt8((r * 7 + p) % 256)) }
    }
    try Data(bytes + extra).write(to: URL(fileURLWithPath: path))
}

@Suite struct CIFAR10Tests {
    @Test func readsRecordsInOrderScaledTo01() throws {
        let folder = try TemporaryDirectory()
        for b in 1...5 { try writeBatch(folder.file("data_batch_\(b).bin"), labels: [UInt8(b), 9]) }
        let set = try CIFAR10.load(folder: folder.path)
        #expect(set.count == 10)
        #expect(set.labels == [1, 9, 2, 9, 3, 9, 4, 9, 5, 9])
        #expect(set.images.shape == [10, 3072])
        #expect(set.images[0, 0] == 0)
        #expect(set.images[1, 5] == Float(12) / 255)
        #expect(set.images[1, 300] == Float((7 + 300) % 256) / 255)
        let y = set.oneVsRest()
        #expect(y.shape == [10, 10])
        #expect(y[0, 1] == 1 && y[0, 0] == 0 && y.scalars.reduce(0, +) == 10)
        #expect(CIFAR10.classNames.count == 10 && CIFAR10.classNames[0] == "airplane" && CIFAR10.classNames[9] == "truck")
    }

    @Test func malformedInputsGiveNamedErrors() throws {
        let folder = try TemporaryDirectory()
        let absent = folder.file("nowhere")
        #expect(throws: CIFAR10Error.folderAbsent(folder: absent)) { try CIFAR10.load(folder: absent) }
        #expect(CIFAR10Error.folderAbsent(folder: absent).description.contains("c32a1d4ab5d03f1284b67883e8d87530"))
        #expect(CIFAR10Error.folderAbsent(folder: absent).description.contains("repro fetch cifar10"))
        #expect(throws: CIFAR10Error.emptyFolder(folder: folder.path)) { try CIFAR10.load(folder: folder.path) }

        for b in 1...4 { try writeBatch(folder.file("data_batch_\(b).bin"), labels: [0, 1]) }
        #expect(throws: CIFAR10Error.missingFile(path: folder.file("data_batch_5.bin"))) {
            try CIFAR10.load(folder: folder.path)
        }
        try writeBatch(folder.file("data_batch_5.bin"), labels: [0, 1], extra: [3, 4, 5])
        #expect(throws: CIFAR10Error.badSize(path: folder.file("data_batch_5.bin"), size: 2 * 3073 + 3, recordSize: 3073)) {
            try CIFAR10.load(folder: folder.path)
        }
        try writeBatch(folder.file("data_batch_5.bin"), labels: [0, 1, 10, 2])
        #expect(throws: CIFAR10Error.badLabel(path: folder.file("data_batch_5.bin"), record: 2, label: 10, classCount: 10)) {
            try CIFAR10.load(folder: folder.path)
        }
        #expect(throws: CIFAR10Error.missingFile(path: folder.file("test_batch.bin"))) {
            try CIFAR10.load(folder: folder.path, files: ["test_batch.bin"])
        }
    }

    @Test func realTrainingSetHasThePublishedChannelMeans() throws {
        let folder = sharedFolder() + "/data/cifar-10-batches-bin"
        guard FileManager.default.fileExists(atPath: folder) else { return }
        let set = try CIFAR10.load(folder: folder)
        #expect(set.count == 50_000)
        var sums = [Double](repeating: 0, count: 3)
        set.images.scalars.withUnsafeBufferPointer { pixels in
            for i in 0..<50_000 {
                for channel in 0..<3 {
                    var s = 0.0
                    let base = i * 3072 + channel * 1024
                    for p in 0..<1024 { s += Double(pixels[base + p]) }
                    sums[channel] += s
                }
            }
        }
        let means = sums.map { $0 / (50_000 * 1024) }
        let expected = [0.49139968, 0.48215841, 0.44653091]
        for channel in 0..<3 { #expect(abs(means[channel] - expected[channel]) < 1e-7, "channel \(channel): \(means[channel])") }
        #expect(set.labels.filter { $0 == 3 }.count == 5000)
    }
}
