internal import Foundation
public import Pipeline
internal import HDF5Store
internal import ReproSupport
internal import Science
internal import Tensors

/// `cifar10` (SPEC 6): reads the official binary batches from a folder and stores the images and
/// labels. The batch files are tracked by content. When the folder is absent, the stage (and what
/// needs it) is skipped with the way to obtain the archive; every other stage still runs.
///
/// The folder is the `folder` parameter, or the environment variable `CIFAR10_DIR` when set.
public struct CIFAR10Stage: StageKind {
    public init() {}
    public let name = "cifar10"
    public let version = 2

    /// Checked when pipeline.json is loaded: at least one batch file, given by name inside the folder.
    public func validate(_ params: StageParameters) throws {
        let files = try params.strings("files")
        guard !files.isEmpty else { throw StageError.badParameter(stage: params.stage, parameter: "files", reason: "empty") }
        if let bad = files.first(where: { $0.isEmpty || $0.contains("/") }) {
            throw StageError.badParameter(stage: params.stage, parameter: "files", reason: "'\(bad)' is not a file name inside the folder")
        }
    }

    /// The environment variable that overrides the `folder` parameter.
    public static let environmentVariable = "CIFAR10_DIR"

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("folder", .string, default: "data/cifar-10-batches-bin",
                          doc: "folder of the binary batches, relative to the project (CIFAR10_DIR overrides it)"),
            ParameterSpec("files", .strings, default: .array(CIFAR10Format().trainFiles.map { .string($0) }),
                          doc: "the batch files to read, in order (default: the 50,000 training images)"),
        ]
    }

    /// The folder as given: `CIFAR10_DIR` if set, else the parameter (absolute, or relative to the project).
    static func givenFolder(_ params: StageParameters) throws -> String {
        let fromEnvironment = ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        return try fromEnvironment ?? params.string("folder")
    }

    /// The folder actually read, resolved against `root` when relative.
    static func folder(_ params: StageParameters, root: String) throws -> String {
        let given = try givenFolder(params)
        return given.hasPrefix("/") ? given : (root as NSString).appendingPathComponent(given)
    }

    /// The batch files, tracked by content. `repro` runs in the project folder, so a relative folder is
    /// checked against the working directory; the paths stay relative for the pipeline to resolve.
    public func externalFiles(_ params: StageParameters) throws -> [String] {
        let given = try Self.givenFolder(params)
        let folder = try Self.folder(params, root: FileManager.default.currentDirectoryPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StageInputUnavailable(CIFAR10Error.folderAbsent(folder: given).description)
        }
        let files = try params.strings("files")
        for file in files where !FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(file)) {
            throw StageInputUnavailable(CIFAR10Error.missingFile(path: (given as NSString).appendingPathComponent(file)).description)
        }
        return files.map { (given as NSString).appendingPathComponent($0) }
    }

    public func run(_ context: StageContext) throws {
        let folder = try Self.folder(context.params, root: context.projectRoot)
        let files = try context.params.strings("files")
        let set = try CIFAR10.load(folder: folder, files: files)
        let format = CIFAR10Format()
        let count = set.count
        // Back to the bytes of the batch files (pixels were stored as byte / 255, exactly invertible).
        let bytes = set.images.scalars.map { UInt8(($0 * format.pixelScale).rounded()) }
        let file = try HDF5Writer(path: context.outputPath)
        try file.setAttribute("title", .string("CIFAR-10 images and labels (binary version, SPEC 6)"))
        try file.setJSON("class_names", .array(CIFAR10.classNames.map { .string($0) }))
        var digests: [JSONValue] = []
        for path in set.files {
            digests.append(["file": .string((path as NSString).lastPathComponent),
                            "sha256": .string(try SHA256.hash(fileAt: path).hex)])
        }
        try file.setJSON("files", .array(digests))
        try file.addCoordinate("channel", values: [Int32(0), 1, 2], units: "1", longName: "colour channel", description: "0 red, 1 green, 2 blue")
        try file.write(bytes, shape: [count, 3, 32, 32], name: "pixels", dims: ["image", "channel", "row", "column"],
                       metadata: .init(longName: "pixel intensity", units: "1",
                                       description: "8-bit intensities as stored in the batches (divide by 255 for [0, 1])"),
                       storage: HDF5Storage(chunks: [max(1, min(count, 1000)), 3, 32, 32], compression: 1))
        try file.write(set.labels.map { Int32($0) }, shape: [count], name: "label", dims: ["image"],
                       metadata: .init(longName: "class label", units: "1",
                                       description: "0..9 in the standard class order (see class_names)"))
        try file.close()
    }
}
