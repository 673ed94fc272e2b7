public import Pipeline
internal import Stages

/// The stage kinds the pipeline commands know. `builtIn` is the paper's set (`PaperStages.all` in
/// the `Stages` module); tests and tools run `repro` with other kinds through
/// `StageCatalog.$kinds.withValue(myKinds) { ReproMain.run(arguments) }`.
public enum StageCatalog {
    /// The kinds `repro` ships with.
    public static let builtIn: [any StageKind] = PaperStages.all

    /// The kinds in effect for the current call.
    @TaskLocal public static var kinds: [any StageKind] = builtIn
}
