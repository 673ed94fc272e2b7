// h5fixtures: writes the HDF5 files the Python reader tests (Tests/python) open with h5py, xarray,
// h5netcdf and netCDF4. Not a product: a test helper built with the package.
//
//   h5fixtures all FOLDER                    every fixture file into FOLDER
//   h5fixtures overwrite PATH VALUE SLABS    writes PATH (atomically) as an appendable float32 dataset
//                                            "data" of SLABS slabs of 1 MiB all equal to VALUE, printing
//                                            "started" once the temporary file exists, then one line per slab
import Foundation
import HDF5Store
import ReproSupport
import Tensors

func writeAll(into folder: String) throws {
    try writeTypes(folder + "/types.h5")
    try writeNamed(folder + "/named.h5")
    try writeStream(folder + "/stream.h5")
}

/// Every element type at ranks 0...5, empty axes, NaN and infinities, strings, JSON.
func writeTypes(_ path: String) throws {
    let file = try HDF5Writer(path: path)
    try file.setAttribute("title", .string("Tâche affinities — ∑ NTK 🧪"))
    try file.setAttribute("seed", .int(42))
    try file.setAttribute("learning_rate", .double(0.125))
    try file.setAttribute("widths", .ints([64, 128, 256]))
    try file.setAttribute("losses", .doubles([0.5, 0.25]))
    try file.setJSON("config", ["tasks": ["segment", "depth"], "steps": 100, "lr": 0.01, "nested": ["ok": true]])
    let big = JSONValue.array((0..<20_000).map { JSONValue.string("entry-\($0)") })
    try file.setJSON("big_config", big)
    for rank in 0...5 {
        let shape = Array([2, 3, 1, 4, 2][..<rank])
        let count = shape.reduce(1, *)
        let dims = (0..<rank).map { "r\(rank)_axis\($0)" }
        try file.write((0..<count).map { Float($0) * 0.5 - 1 }, shape: shape, name: "float32/rank\(rank)", dims: dims)
        try file.write((0..<count).map { Double($0) / 3 }, shape: shape, name: "float64/rank\(rank)", dims: dims)
        try file.write((0..<count).map { Int32($0) - 7 }, shape: shape, name: "int32/rank\(rank)", dims: dims)
        try file.write((0..<count).map { Int64($0) * 1_000_000_007 }, shape: shape, name: "int64/rank\(rank)", dims: dims)
        try file.write((0..<count).map { UInt8($0 % 256) }, shape: shape, name: "uint8/rank\(rank)", dims: dims)
        try file.write((0..<count).map { $0 % 3 == 0 }, shape: shape, name: "bool/rank\(rank)", dims: dims)
    }
    try file.write([Float](), shape: [3, 0], name: "empty", dims: ["three", "none"])
    try file.write([Float.nan, .infinity, -.infinity, 0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude],
                   shape: [7], name: "special", dims: ["special_i"])
    try file.close()
}

/// Coordinates, square matrices, groups, metadata and compression, as xarray should see them.
func writeNamed(_ path: String) throws {
    let file = try HDF5Writer(path: path)
    try file.setAttribute("title", .string("named dimensions"))
    try file.addCoordinate("epoch", values: [Int32(0), 5, 10], units: "1", longName: "training epoch")
    try file.addCoordinate("task", values: [Int32(0), 1], longName: "task index")
    var ntk = Tensor<Float>(shape: [3, 2, 4, 4])
    for index in ntk.scalars.indices { ntk.scalars[index] = Float(index % 17) - 3 }
    try file.write(ntk, name: "ntk", dims: ["epoch", "task", "probe_i", "probe_j"],
                   metadata: .init(longName: "empirical NTK", units: "1", description: "Gram matrix per task"),
                   chunks: [1, 1, 4, 4], compression: 4)
    try file.write([0.5, 0.25, 0.125], shape: [3], name: "loss", dims: ["epoch"],
                   metadata: .init(longName: "training loss", units: "nat", description: "mean cross-entropy"))
    try file.write([true, false], shape: [2], name: "converged", dims: ["task"])
    try file.write([Float(1.5)], shape: [], name: "scalar", dims: [], metadata: .init(longName: "a scalar"))
    try file.createGroup("run/0")
    try file.write((0..<6).map { Double($0) }, shape: [2, 3], name: "run/0/alignment", dims: ["task", "step"],
                   metadata: .init(longName: "alignment", units: "1", description: "in a group"))
    try file.close()
}

/// An appendable dataset streamed one checkpoint at a time.
func writeStream(_ path: String) throws {
    let file = try HDF5Writer(path: path)
    let steps = try file.createAppendableCoordinate("checkpoint", elementType: Int64.self, units: "1",
                                                    longName: "training step")
    let stream = try file.createAppendable(name: "ntk", elementType: Float.self, slabShape: [2, 3, 3],
                                           dims: ["checkpoint", "task", "probe_i", "probe_j"],
                                           metadata: .init(longName: "NTK per checkpoint", units: "1"), compression: 4)
    for checkpoint in 0..<4 {
        try stream.append(Tensor(shape: [2, 3, 3], repeating: Float(checkpoint)))
        try steps.append([Int64(checkpoint * 100)])
    }
    try file.close()
}

/// Streams SLABS slabs of 1 MiB of VALUE into PATH, reporting progress on stdout.
func overwrite(_ path: String, value: Float, slabs: Int) throws {
    let file = try HDF5Writer(path: path)
    let stream = try file.createAppendable(name: "data", elementType: Float.self, slabShape: [1 << 18],
                                           dims: ["slab", "element"])
    say("started \(file.temporaryPath)")
    let slab = [Float](repeating: value, count: 1 << 18)
    for index in 0..<slabs {
        try stream.append(slab)
        say("slab \(index)")
    }
    try file.close()
    say("done")
}

/// One line on stdout, unbuffered (the parent process waits for it).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

let arguments = CommandLine.arguments.dropFirst()
do {
    switch (arguments.first, arguments.count) {
    case ("all", 2):
        try writeAll(into: arguments[arguments.startIndex + 1])
    case ("overwrite", 4):
        let rest = Array(arguments.dropFirst())
        guard let value = Float(rest[1]), let slabs = Int(rest[2]) else { throw HDF5Error.invalidArgument(file: rest[0], object: "/", reason: "bad VALUE or SLABS") }
        try overwrite(rest[0], value: value, slabs: slabs)
    default:
        FileHandle.standardError.write(Data("usage: h5fixtures all FOLDER | overwrite PATH VALUE SLABS\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("h5fixtures: \(error)\n".utf8))
    exit(1)
}
