internal import Foundation
internal import Pipeline
internal import ReproSupport

/// Shared by the pipeline commands: the project folder, loading, and the exit status of errors.
enum PipelineCommandSupport {
    /// The project folder: the current directory.
    static var projectRoot: String { FileManager.default.currentDirectoryPath }

    static func load(overrides: [String] = []) throws(PipelineError) -> PipelineDefinition {
        try PipelineDefinition.load(folder: projectRoot, kinds: StageCatalog.kinds, overrides: overrides)
    }

    /// Runs `body`; a configuration `PipelineError` prints one line and exits 2, others exit 1.
    static func guarded(_ command: String, _ body: () throws -> Int32) throws -> Int32 {
        do {
            return try body()
        } catch let error as PipelineError {
            ReproMain.printError("repro \(command): \(error)")
            return error.isConfiguration ? ExitStatus.usage : ExitStatus.failure
        }
    }

    /// The lock file, or an empty one (with a warning on stderr) when it is unreadable.
    static func readLock(_ command: String) throws(PipelineError) -> LockFile {
        do { return try LockFile.read(path: projectRoot + "/outputs/pipeline.lock") } catch {
            guard case .corruptLock = error else { throw error }
            ReproMain.printError("repro \(command): warning: \(error)")
            return LockFile()
        }
    }
}
