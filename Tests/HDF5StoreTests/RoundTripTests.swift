import Foundation
import HDF5Store
import ReproSupport
import Tensors
import TestSupport
import Testing

/// Writes `values` of `shape`, reads them back from a fresh reader.
func roundTrip<E: HDF5Element>(_ values: [E], shape: [Int], in folder: TemporaryDirectory,
                               file name: String = "roundtrip.h5") throws -> (shape: [Int], values: [E]) {
    let path = folder.file(name)
    let writer = try HDF5Writer(path: path)
    try writer.write(values, shape: shape, name: "data", dims: (0..<shape.count).map { "axis\($0)" })
    try writer.close()
    let reader = try HDF5Reader(path: path)
    #expect(try reader.elementType(of: "data") == E.hdf5ElementType)
    return try reader.read("data", as: E.self)
}

/// Row-major values 0, 1, 2... mapped through `make`.
func ramp<E>(_ shape: [Int], _ make: (Int) -> E) -> [E] { (0..<shape.reduce(1, *)).map(make) }

let shapesByRank: [[Int]] = [[], [5], [2, 3], [2, 1, 4], [3, 2, 2, 2], [2, 2, 1, 3, 2]]

@Suite struct RoundTripTests {
    @Test(arguments: shapesByRank)
    func everyTypeAtEveryRank(shape: [Int]) throws {
        let folder = try TemporaryDirectory()
        let floats = ramp(shape) { Float($0) * 0.25 - 3 }
        #expect(try roundTrip(floats, shape: shape, in: folder) == (shape, floats))
        let doubles = ramp(shape) { Double($0) / 7 }
        #expect(try roundTrip(doubles, shape: shape, in: folder) == (shape, doubles))
        let int32s = ramp(shape) { Int32($0) - 20 }
        #expect(try roundTrip(int32s, shape: shape, in: folder) == (shape, int32s))
        let int64s = ramp(shape) { Int64($0) * 3_000_000_019 - 1 }
        #expect(try roundTrip(int64s, shape: shape, in: folder) == (shape, int64s))
        let bytes = ramp(shape) { UInt8(truncatingIfNeeded: $0 * 37) }
        #expect(try roundTrip(bytes, shape: shape, in: folder) == (shape, bytes))
        let bools = ramp(shape) { $0 % 3 == 1 }
        #expect(try roundTrip(bools, shape: shape, in: folder) == (shape, bools))
    }

    @Test(arguments: [[0], [3, 0], [0, 4, 2], [2, 0, 0]])
    func emptyAxes(shape: [Int]) throws {
        let folder = try TemporaryDirectory()
        let result = try roundTrip([Double](), shape: shape, in: folder)
        #expect(result.shape == shape)
        #expect(result.values.isEmpty)
    }

    @Test func nanAndInfinitiesKeepTheirBits() throws {
        let folder = try TemporaryDirectory()
        let floats: [Float] = [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, Float(bitPattern: 0x7FC0_1234)]
        let readFloats = try roundTrip(floats, shape: [7], in: folder).values
        #expect(readFloats.map(\.bitPattern) == floats.map(\.bitPattern))
        let doubles: [Double] = [.nan, .infinity, -.infinity, -0.0, .leastNormalMagnitude, .ulpOfOne]
        let readDoubles = try roundTrip(doubles, shape: [2, 3], in: folder).values
        #expect(readDoubles.map(\.bitPattern) == doubles.map(\.bitPattern))
    }

    @Test func tensorsRoundTripAndConvertBetweenFloatWidths() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("tensor.h5")
        let tensor = try Tensor<Float>(shape: [2, 3, 4], scalars: ramp([2, 3, 4]) { Float($0) + 0.5 })
        let writer = try HDF5Writer(path: path)
        try writer.write(tensor, name: "t", dims: ["a", "b", "c"], chunks: [1, 3, 2], compression: 6)
        try writer.close()
        let reader = try HDF5Reader(path: path)
        #expect(try reader.readTensor("t", as: Float.self) == tensor)
        #expect(try reader.readTensor("t", as: Double.self) == tensor.converted(to: Double.self))
        #expect(throws: HDF5Error.typeMismatch(file: path, object: "/t", stored: "float32", requested: "int32")) {
            _ = try reader.read("t", as: Int32.self)
        }
    }

    @Test func hyperslabsReadAndWritePartOfADataset() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("slab.h5")
        let writer = try HDF5Writer(path: path)
        try writer.createDataset(name: "grid", elementType: Int32.self, shape: [4, 5], dims: ["row", "col"],
                                 storage: HDF5Storage(chunks: [2, 2], compression: 1))
        try writer.writeSlab([1, 2, 3, 4, 5, 6], name: "grid", start: [1, 2], count: [2, 3])
        try writer.close()
        let reader = try HDF5Reader(path: path)
        let (shape, all) = try reader.read("grid", as: Int32.self)
        #expect(shape == [4, 5])
        var expected = [Int32](repeating: 0, count: 20)
        for (index, value) in [Int32(1), 2, 3, 4, 5, 6].enumerated() { expected[(1 + index / 3) * 5 + 2 + index % 3] = value }
        #expect(all == expected)
        #expect(try reader.readSlab("grid", start: [2, 1], count: [2, 3], as: Int32.self) == [0, 4, 5, 0, 0, 0])
        var buffer = [Int32](repeating: -1, count: 10)
        try reader.readSlab("grid", start: [1, 2], count: [1, 3], into: &buffer)
        #expect(buffer == [1, 2, 3])
        buffer = []
        try reader.readSlab("grid", start: [2, 2], count: [1, 3], into: &buffer)
        #expect(buffer == [4, 5, 6])
    }

    @Test func appendableDatasetGrowsOneSlabAtATime() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("stream.h5")
        let writer = try HDF5Writer(path: path)
        let stream = try writer.createAppendable(name: "run/ntk", elementType: Float.self, slabShape: [2, 2],
                                                 dims: ["checkpoint", "probe_i", "probe_j"], compression: 4)
        let steps = try writer.createAppendableCoordinate("run/step", elementType: Int32.self, units: "1")
        let byStep = try writer.createAppendable(name: "run/accuracy", elementType: Double.self, slabShape: [1],
                                                 dims: ["step", "one"])
        let other = try writer.createAppendable(name: "run/loss", elementType: Double.self, slabShape: [3],
                                                dims: ["checkpoint", "task"])
        for step in 0..<5 {
            try stream.append(Tensor(shape: [2, 2], repeating: Float(step)))
            if step < 3 { try other.append([Double(step), 1, 2]) }
            try byStep.append([Double(step) / 10])
            try steps.append([Int32(step * 50)])
        }
        #expect(stream.count == 5)
        try writer.close()
        let reader = try HDF5Reader(path: path)
        #expect(try reader.shape(of: "run/ntk") == [5, 2, 2])
        #expect(try reader.read("run/ntk", as: Float.self).values == (0..<5).flatMap { [Float](repeating: Float($0), count: 4) })
        #expect(try reader.readSlab("run/ntk", start: [3, 0, 0], count: [1, 2, 2], as: Float.self) == [3, 3, 3, 3])
        #expect(try reader.shape(of: "run/loss") == [3, 3])
        #expect(try reader.shape(of: "run/checkpoint") == [5])
        #expect(try reader.dimensions(of: "run/ntk") == ["checkpoint", "probe_i", "probe_j"])
        #expect(try reader.read("run/step", as: Int32.self) == ([5], [0, 50, 100, 150, 200]))
        #expect(try reader.dimensions(of: "run/accuracy") == ["step", "one"])
        #expect(try reader.read("run/accuracy", as: Double.self).values == [0, 0.1, 0.2, 0.3, 0.4])
    }

    @Test func attributesAndUnicodeStrings() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("attributes.h5")
        let writer = try HDF5Writer(path: path)
        let text = "Tâche — ∑ NTK 🧪 日本語"
        try writer.setAttribute("title", .string(text))
        try writer.setAttribute("empty", .string(""))
        try writer.setAttribute("seed", .int(-42))
        try writer.setAttribute("rate", .double(0.1))
        try writer.setAttribute("widths", .ints([1, 2, 3]))
        try writer.setAttribute("losses", .doubles([.infinity, -0.5]))
        try writer.write([Float(1)], shape: [1], name: "g/x", dims: ["one"], metadata: .init(longName: "x", units: "m"))
        try writer.setAttribute("note", .string("on a dataset"), on: "g/x")
        try writer.close()
        let reader = try HDF5Reader(path: path)
        #expect(try reader.attribute("Conventions") == .string("CF-1.8"))
        #expect(try reader.attribute("title") == .string(text))
        #expect(try reader.attribute("empty") == .string(""))
        #expect(try reader.attribute("seed") == .int(-42))
        #expect(try reader.attribute("rate") == .double(0.1))
        #expect(try reader.attribute("widths") == .ints([1, 2, 3]))
        #expect(try reader.attribute("losses") == .doubles([.infinity, -0.5]))
        #expect(try reader.attribute("missing") == nil)
        #expect(try reader.attribute("note", of: "g/x") == .string("on a dataset"))
        #expect(try reader.attribute("long_name", of: "g/x") == .string("x"))
        #expect(try reader.attribute("units", of: "g/x") == .string("m"))
    }

    @Test func jsonSmallAsAttributeLargeAsDataset() throws {
        let folder = try TemporaryDirectory()
        let path = folder.file("json.h5")
        let small: JSONValue = ["name": "ntk", "steps": 3, "ok": true, "ε": [1.5, nil]]
        let large = JSONValue.array((0..<10_000).map { JSONValue.string("item \($0)") })
        let writer = try HDF5Writer(path: path)
        try writer.setJSON("config", small)
        try writer.setJSON("config", large, in: "run")
        try writer.close()
        let reader = try HDF5Reader(path: path)
        #expect(try reader.json("config") == small)
        #expect(try reader.attribute("config")?.stringValue == (try small.canonicalString()))
        #expect(try reader.json("config", in: "run") == large)
        #expect(try reader.attribute("config", of: "run") == nil)
        #expect(try reader.datasetNames().contains("/run/config"))
        #expect(try reader.json("absent") == nil)
    }
}
