public import ReproSupport

/// The outputs of one upstream stage, as a consumer sees them.
public struct StageInput: Sendable, Hashable {
    /// The upstream stage's full name (`train[seed=0]`).
    public let stage: String
    /// The foreach values that made this expansion (`["seed": 0]`); empty for a plain stage.
    public let bindings: [String: JSONValue]
    /// Absolute paths of its outputs, in the order its kind promised them.
    public let outputs: [String]
}

/// What a stage's `run` receives.
public struct StageContext: Sendable {
    /// The stage's full name.
    public let stage: String
    public let params: StageParameters
    /// The project folder (absolute).
    public let projectRoot: String
    /// The upstream stages, keyed by the input name as written in pipeline.json. A reference to a
    /// foreach stage by its base name maps to every expansion, in the order of the foreach values.
    public let inputs: [String: [StageInput]]
    /// Promised output (project-relative) -> absolute temporary path the stage must write it to.
    /// The scheduler moves the files to their final place only after `run` returns.
    public let outputs: [String: String]
    /// The external files the kind declared, as absolute paths.
    public let externalFiles: [String]
    /// How progress should be shown (`quiet` in tests and with `--quiet`).
    public let progressMode: ProgressMode
    private let cancelled: @Sendable () -> Bool

    public init(stage: String, params: StageParameters, projectRoot: String, inputs: [String: [StageInput]],
                outputs: [String: String], externalFiles: [String], progressMode: ProgressMode,
                isCancelled: @escaping @Sendable () -> Bool) {
        self.stage = stage
        self.params = params
        self.projectRoot = projectRoot
        self.inputs = inputs
        self.outputs = outputs
        self.externalFiles = externalFiles
        self.progressMode = progressMode
        self.cancelled = isCancelled
    }

    /// True once the run was interrupted (Ctrl-C); long stages should check it between steps.
    public var isCancelled: Bool { cancelled() }

    /// Throws `PipelineError.cancelled` once the run was interrupted.
    public func checkCancellation() throws(PipelineError) {
        if cancelled() { throw .cancelled(stage: stage) }
    }

    /// The temporary path to write the promised output `relative` to.
    public func outputPath(_ relative: String) throws(PipelineError) -> String {
        guard let path = outputs[relative] else { throw .unknownOutput(stage: stage, output: relative) }
        return path
    }

    /// The temporary path of the stage's only (or first, in promised order) output.
    public var outputPath: String { outputs.sorted { $0.key < $1.key }.first?.value ?? "" }

    /// The output paths of every stage bound to the input `name`, flattened in order.
    public func inputPaths(_ name: String) throws(PipelineError) -> [String] {
        guard let group = inputs[name] else { throw .unknownInput(stage: stage, input: name) }
        return group.flatMap(\.outputs)
    }

    /// A progress display labelled with the stage name.
    public func progress(total: Int, unit: String) -> ProgressDisplay {
        ProgressDisplay(label: stage, total: total, unit: unit, mode: progressMode)
    }
}
