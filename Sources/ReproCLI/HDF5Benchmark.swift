internal import Foundation
internal import HDF5Store
internal import ReproSupport

/// `repro bench --only hdf5`: a 1 GiB float32 dataset written in 4 MiB chunks through HDF5Writer
/// (create, 256 slab writes, close = fsync + rename) against the same bytes written with write(2)
/// in 4 MiB blocks, fsynced and renamed (AtomicFile); then both read back from the page cache.
/// HDF5 reads reuse one buffer, as the plain reads do. Figures are the best of three passes; the ratio is plain time / HDF5 time (goal >= 50%).
@Sendable func benchmarkHDF5() throws {
    let rows = 256, columns = 1 << 20
    let bytes = rows * columns * MemoryLayout<Float>.size
    let folder = NSTemporaryDirectory() + "repro-bench-hdf5-\(getpid())"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let hdf5Path = folder + "/1GiB.h5", plainPath = folder + "/1GiB.bin"
    let slab = (0..<columns).map { Float($0 % 1000) * 0.5 }

    func writeHDF5() throws {
        let writer = try HDF5Writer(path: hdf5Path)
        try writer.createDataset(name: "data", elementType: Float.self, shape: [rows, columns], dims: ["row", "column"],
                                 storage: HDF5Storage(chunks: [1, columns]))
        for row in 0..<rows { try writer.writeSlab(slab, name: "data", start: [row, 0], count: [1, columns]) }
        try writer.close()
    }
    func writePlain() throws {
        try AtomicFile.write(to: plainPath) { (temporary: String) throws(SupportError) in
            let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .io(operation: "open", path: temporary, errno: errno) }
            defer { close(fd) }
            let failed = slab.withUnsafeBytes { block -> Bool in
                for _ in 0..<rows where Foundation.write(fd, block.baseAddress, block.count) != block.count { return true }
                return false
            }
            if failed { throw .io(operation: "write", path: temporary, errno: errno) }
        }
    }
    func readHDF5() throws {
        let reader = try HDF5Reader(path: hdf5Path)
        var checksum: Float = 0
        var values = [Float](repeating: 0, count: columns)
        for row in 0..<rows {
            try reader.readSlab("data", start: [row, 0], count: [1, columns], into: &values)
            checksum += values[1]
        }
        guard checksum == Float(rows) * 0.5 else { throw HDF5Error.invalidArgument(file: hdf5Path, object: "/data", reason: "read back wrong values") }
    }
    func readPlain() throws {
        let fd = open(plainPath, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SupportError.io(operation: "open", path: plainPath, errno: errno) }
        defer { close(fd) }
        var block = [Float](repeating: 0, count: columns)
        for _ in 0..<rows {
            let count = block.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            guard count == columns * 4 else { throw SupportError.io(operation: "read", path: plainPath, errno: errno) }
        }
    }
    func best(_ body: () throws -> Void) throws -> Double {
        var result = Double.infinity
        for _ in 0..<3 { result = min(result, try measureSeconds(body)) }
        return result
    }
    let plainWrite = try best(writePlain), hdf5Write = try best(writeHDF5)
    let plainRead = try best(readPlain), hdf5Read = try best(readHDF5)
    func line(_ what: String, _ plain: Double, _ hdf5: Double) {
        print(String(format: "  %@: plain %.3f s (%.2f GB/s), HDF5 %.3f s (%.2f GB/s), HDF5 at %.0f%% of plain",
                     what, plain, Double(bytes) / plain / 1e9, hdf5, Double(bytes) / hdf5 / 1e9, 100 * plain / hdf5))
    }
    line("write 1 GiB float32 (4 MiB chunks, fsync + rename)", plainWrite, hdf5Write)
    line("read back (page cache)", plainRead, hdf5Read)
}
