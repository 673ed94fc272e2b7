public import Pipeline

/// The stage kinds of the paper, registered by name: `repro` runs pipeline.json with these
/// (`StageCatalog.builtIn` in ReproCLI). Add a new kind here, once.
public enum PaperStages {
    public static let all: [any StageKind] = [
        SyntheticDataStage(), CIFAR10Stage(), LinearAffinityStage(), TrainStage(), AlignmentStage(),
        AffinityStage(), ClaimsStage(), FigureStage(), ReportStage(),
    ]
}
