internal import Foundation

/// A fresh folder under the system temporary directory, removed when the value is released.
public final class TemporaryDirectory: Sendable {
    /// Absolute path of the folder.
    public let path: String

    public init(prefix: String = "repro-test") throws {
        let template = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(prefix)-XXXXXX")
        var bytes = Array(template.utf8CString)
        guard let created = mkdtemp(&bytes) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: template])
        }
        path = String(cString: created)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// `path/name`.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// The names in the folder, sorted.
    public func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }
}

/// Relative closeness: |a - b| <= tolerance * max(|a|, |b|, floor).
public func isClose(_ a: Double, _ b: Double, relative tolerance: Double, floor: Double = 1e-30) -> Bool {
    if a == b { return true }
    return abs(a - b) <= tolerance * max(abs(a), abs(b), floor)
}

/// The folder holding the shared fixtures (`oracle/`, `data/`): `$REPRO_SHARED` when set, else the
/// first `shared` folder beside the package root or one of its ancestors (`../shared` in the usual
/// layout), else `/work/shared`. Found from this source file's location, so tests do not depend on
/// the working directory.
public func sharedFolder(filePath: String = #filePath) -> String {
    let manager = FileManager.default
    if let given = ProcessInfo.processInfo.environment["REPRO_SHARED"], !given.isEmpty { return given }
    var url = URL(fileURLWithPath: packageRoot(filePath: filePath))
    while url.path != "/" {
        url.deleteLastPathComponent()
        let candidate = url.appendingPathComponent("shared")
        if manager.fileExists(atPath: candidate.appendingPathComponent("oracle").path) { return candidate.path }
    }
    return "/work/shared"
}

/// The package root, found from this source file's location.
public func packageRoot(filePath: String = #filePath) -> String {
    var url = URL(fileURLWithPath: filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url.path
        }
    }
    return FileManager.default.currentDirectoryPath
}
