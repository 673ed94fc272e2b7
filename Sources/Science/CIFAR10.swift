public import Tensors
internal import Foundation

/// The layout of the official "CIFAR-10 binary version" (SPEC 6); every default is the official value.
public struct CIFAR10Format: Sendable, Hashable, Codable {
    /// Pixel bytes per record after the label byte (1024 R, 1024 G, 1024 B, rows of 32).
    public var pixelsPerRecord: Int = 3072
    /// Number of classes; a label byte must be below it.
    public var classCount: Int = 10
    /// Pixels are divided by this.
    public var pixelScale: Float = 255
    /// The training batches, in order.
    public var trainFiles: [String] = (1...5).map { "data_batch_\($0).bin" }
    /// The test batch.
    public var testFile: String = "test_batch.bin"

    public init() {}

    /// Bytes per record: one label byte + the pixels.
    public var recordSize: Int { 1 + pixelsPerRecord }
}

/// Errors reading CIFAR-10 batches; each names the folder or file (and record) that failed.
public enum CIFAR10Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// The folder does not exist; the message says how to obtain the archive.
    case folderAbsent(folder: String)
    /// The folder exists but holds no files.
    case emptyFolder(folder: String)
    /// A batch file the reading needs is not in the folder.
    case missingFile(path: String)
    /// The file's size is not a multiple of the record size.
    case badSize(path: String, size: Int, recordSize: Int)
    /// Record `record` (0-based) of `path` has a label outside 0..<classCount.
    case badLabel(path: String, record: Int, label: Int, classCount: Int)
    /// The file could not be read.
    case unreadable(path: String, reason: String)

    /// Where the official archive is and how to install it.
    public static let howToObtain = """
        get the CIFAR-10 binary version: download cifar-10-binary.tar.gz from \
        https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (md5 c32a1d4ab5d03f1284b67883e8d87530) and \
        extract it so that the folder holds data_batch_1.bin .. data_batch_5.bin, or run `repro fetch cifar10`
        """

    public var description: String {
        switch self {
        case .folderAbsent(let folder): "CIFAR-10 folder \(folder) does not exist; \(Self.howToObtain)"
        case .emptyFolder(let folder): "CIFAR-10 folder \(folder) is empty; \(Self.howToObtain)"
        case .missingFile(let path): "CIFAR-10 batch \(path) is missing; \(Self.howToObtain)"
        case .badSize(let path, let size, let recordSize):
            "CIFAR-10 batch \(path): size \(size) bytes is not a multiple of the record size \(recordSize) "
                + "(record \(size / recordSize) is truncated)"
        case .badLabel(let path, let record, let label, let classCount):
            "CIFAR-10 batch \(path): record \(record) has label \(label), expected 0...\(classCount - 1)"
        case .unreadable(let path, let reason): "CIFAR-10 batch \(path): cannot be read: \(reason)"
        }
    }
}

/// Images and labels read from CIFAR-10 batches.
public struct CIFAR10Set: Sendable, Equatable {
    /// Pixels / scale, [N, 3072] (channel-major per image: 1024 R, 1024 G, 1024 B), in [0, 1].
    public var images: Tensor<Float>
    /// Class index per image, length N, in 0..<classCount.
    public var labels: [Int]
    /// The batch files read, in order (full paths).
    public var files: [String]

    public var count: Int { labels.count }

    /// One-vs-rest targets [N, classCount]: y[i, k] = 1 iff image i has label k.
    public func oneVsRest(classCount: Int = CIFAR10.classNames.count) -> Tensor<Float> {
        var y = Tensor<Float>(shape: [labels.count, classCount])
        for (i, label) in labels.enumerated() { y.scalars[i * classCount + label] = 1 }
        return y
    }
}

/// Reading the official CIFAR-10 binary batches (SPEC 6).
public enum CIFAR10 {
    /// The class names in the standard order (label byte k names class k).
    public static let classNames = ["airplane", "automobile", "bird", "cat", "deer",
                                    "dog", "frog", "horse", "ship", "truck"]

    /// Reads `files` (names inside `folder`; default the five training batches) in order.
    /// Throws `CIFAR10Error` naming the folder, file or record at fault.
    public static func load(folder: String, files: [String]? = nil,
                            format: CIFAR10Format = CIFAR10Format()) throws(CIFAR10Error) -> CIFAR10Set {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw .folderAbsent(folder: folder)
        }
        let entries: [String]
        do { entries = try manager.contentsOfDirectory(atPath: folder) } catch {
            throw .unreadable(path: folder, reason: "\(error)")
        }
        if entries.filter({ !$0.hasPrefix(".") }).isEmpty { throw .emptyFolder(folder: folder) }
        let names = files ?? format.trainFiles
        let paths = names.map { (folder as NSString).appendingPathComponent($0) }
        for path in paths where !manager.fileExists(atPath: path) { throw .missingFile(path: path) }

        var total = 0
        for path in paths {
            let size: Int
            do { size = ((try manager.attributesOfItem(atPath: path))[.size] as? NSNumber)?.intValue ?? -1 } catch {
                throw .unreadable(path: path, reason: "\(error)")
            }
            guard size >= 0, size % format.recordSize == 0 else {
                throw .badSize(path: path, size: size, recordSize: format.recordSize)
            }
            total += size / format.recordSize
        }
        var pixels = [Float](repeating: 0, count: total * format.pixelsPerRecord)
        var labels = [Int]()
        labels.reserveCapacity(total)
        let table = (0..<256).map { Float($0) / format.pixelScale }   // byte -> pixel, exactly byte / scale
        for path in paths {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe) } catch {
                throw .unreadable(path: path, reason: "\(error)")
            }
            guard data.count % format.recordSize == 0 else {
                throw .badSize(path: path, size: data.count, recordSize: format.recordSize)
            }
            let records = data.count / format.recordSize
            let first = labels.count
            let badLabel: (Int, Int)? = data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> (Int, Int)? in
                let bytes = raw.bindMemory(to: UInt8.self)
                return pixels.withUnsafeMutableBufferPointer { out -> (Int, Int)? in
                    for record in 0..<records {
                        let base = record * format.recordSize
                        let label = Int(bytes[base])
                        if label >= format.classCount { return (record, label) }
                        labels.append(label)
                        let target = (first + record) * format.pixelsPerRecord
                        for p in 0..<format.pixelsPerRecord { out[target + p] = table[Int(bytes[base + 1 + p])] }
                    }
                    return nil
                }
            }
            if let (record, label) = badLabel {
                throw .badLabel(path: path, record: record, label: label, classCount: format.classCount)
            }
        }
        let images = (try? Tensor(shape: [total, format.pixelsPerRecord], scalars: pixels))
            ?? Tensor(shape: [0, format.pixelsPerRecord])
        return CIFAR10Set(images: images, labels: labels, files: paths)
    }
}
