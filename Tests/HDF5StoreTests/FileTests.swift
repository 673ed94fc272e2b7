import Foundation
import HDF5Store
import ReproSupport
import Tensors
import TestSupport
import Testing

@Suite struct FileTests {
    /// One small file with every feature, written the same way each time.
    func writeSample(_ path: String) throws {
        let writer = try HDF5Writer(path: path)
        try writer.setAttribute("title", .string("determinism"))
        try writer.addCoordinate("epoch", values: [Int32(0), 10, 20], units: "1", longName: "epoch")
        try writer.write(try Tensor<Float>(shape: [3, 2, 2], scalars: ramp([3, 2, 2]) { Float($0) }), name: "run/0/ntk",
                         dims: ["epoch", "probe_i", "probe_j"], metadata: .init(longName: "NTK"), chunks: [1, 2, 2], compression: 4)
        let stream = try writer.createAppendable(name: "loss", elementType: Double.self, slabShape: [2], dims: ["step", "task"])
        try stream.append([1, 2])
        try writer.setJSON("config", ["a": 1])
        try writer.close()
    }

    @Test func identicalDataGivesByteIdenticalFiles() throws {
        let folder = try TemporaryDirectory()
        try writeSample(folder.file("a.h5"))
        Thread.sleep(forTimeInterval: 1.1) // object times would differ by a second
        try writeSample(folder.file("b.h5"))
        let first = try SHA256.hash(fileAt: folder.file("a.h5"))
        let second = try SHA256.hash(fileAt: folder.file("b.h5"))
        #expect(first == second)
    }

    @Test func fileAppearsOnlyOnCloseAndNoTemporaryRemains() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("out.h5")
        let writer = try HDF5Writer(path: path)
        try writer.write([Int64(7)], shape: [], name: "seven", dims: [])
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.fileExists(atPath: writer.temporaryPath))
        try writer.close()
        #expect(try folder.contents() == ["out.h5"])
        #expect(try HDF5Reader(path: path).read("seven", as: Int64.self) == ([], [7]))
        #expect(throws: HDF5Error.closed(file: path)) { try writer.close() }
    }

    @Test func droppedWriterLeavesTheOldFileAndNoTemporary() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("out.h5")
        let first = try HDF5Writer(path: path)
        try first.write([Float(1)], shape: [1], name: "v", dims: ["n"])
        try first.close()
        do {
            let second = try HDF5Writer(path: path)
            try second.write([Float(2)], shape: [1], name: "v", dims: ["n"])
            // A failing write, then the writer is released without close().
            #expect(throws: HDF5Error.self) { try second.write([Float(2), 3], shape: [1], name: "w", dims: ["n"]) }
        }
        #expect(try folder.contents() == ["out.h5"])
        #expect(try HDF5Reader(path: path).read("v", as: Float.self).values == [1])
    }

    @Test func errorsNameFileObjectAndCarryHDF5Stack() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("errors.h5")
        let writer = try HDF5Writer(path: path)
        try writer.write([Float(1), 2], shape: [2], name: "a", dims: ["n"])
        #expect(throws: HDF5Error.dimensionMismatch(file: path, object: "/b", dimension: "n", axisLength: 3, dimensionLength: 2)) {
            try writer.write([Float](repeating: 0, count: 3), shape: [3], name: "b", dims: ["n"])
        }
        #expect(throws: HDF5Error.countMismatch(file: path, object: "/c", shape: [2], count: 3)) {
            try writer.write([Float](repeating: 0, count: 3), shape: [2], name: "c", dims: ["n"])
        }
        #expect(throws: HDF5Error.self) { try writer.write([Float](repeating: 0, count: 4), shape: [2, 2], name: "sq", dims: ["p", "p"]) }
        #expect(throws: HDF5Error.self) { try writer.write([Float(0)], shape: [1], name: "u", dims: ["one"], metadata: .init(units: "days since 2000-01-01")) }
        // Creating a dataset over an existing one: HDF5 itself refuses; the error carries its stack.
        do {
            try writer.createDataset(name: "a", elementType: Float.self, shape: [2], dims: ["n"])
            Issue.record("expected an error")
        } catch {
            guard case .callFailed(let operation, let file, let object, let stack) = error else {
                Issue.record("unexpected \(error)"); return
            }
            #expect(operation == "H5Dcreate2")
            #expect(file == path)
            #expect(object == "/a")
            #expect(!stack.isEmpty)
            #expect("\(error)".contains(path) && "\(error)".contains("/a"))
        }
        try writer.close()
        let reader = try HDF5Reader(path: path)
        #expect(throws: HDF5Error.notFound(file: path, object: "/missing")) { _ = try reader.read("missing", as: Float.self) }
        #expect(throws: HDF5Error.invalidArgument(file: path, object: "/a", reason: "slab start [1] count [2] outside shape [2]")) {
            _ = try reader.readSlab("a", start: [1], count: [2], as: Float.self)
        }
        #expect(throws: HDF5Error.notHDF5(file: folder.file("nothing.h5"))) { _ = try HDF5Reader(path: folder.file("nothing.h5")) }
        _ = FileManager.default.createFile(atPath: folder.file("text.h5"), contents: Data("not hdf5".utf8))
        #expect(throws: HDF5Error.notHDF5(file: folder.file("text.h5"))) { _ = try HDF5Reader(path: folder.file("text.h5")) }
    }

    @Test func structureListsGroupsDatasetsDimsAndFilters() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("tree.h5")
        try writeSample(path)
        let reader = try HDF5Reader(path: path)
        let objects = try reader.objects()
        #expect(objects.map(\.path) == ["/", "/epoch", "/loss", "/run", "/run/0", "/run/0/ntk",
                                        "/run/0/probe_i", "/run/0/probe_j", "/step", "/task"])
        let ntk = try #require(objects.first { $0.path == "/run/0/ntk" })
        #expect(ntk.kind == .dataset)
        #expect(ntk.shape == [3, 2, 2])
        #expect(ntk.type == "float32")
        #expect(ntk.dims == ["epoch", "probe_i", "probe_j"])
        #expect(ntk.chunks == [1, 2, 2])
        #expect(ntk.filters == ["shuffle", "deflate(4)"])
        #expect(ntk.attributes.map(\.name) == ["long_name"])
        #expect(objects.first { $0.path == "/epoch" }?.kind == .coordinate)
        #expect(objects.first { $0.path == "/step" }?.kind == .dimension)
        #expect(objects.first { $0.path == "/step" }?.maxShape == [-1])
        #expect(objects.first { $0.path == "/" }?.attributes.map(\.name) == ["Conventions", "config", "title"])
    }
}
