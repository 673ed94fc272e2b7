public import Pipeline

/// The analysis stage kinds of the paper (the figure and report kinds are listed beside them).
public enum AnalysisStageKinds {
    public static let all: [any StageKind] = [
        SyntheticDataStage(), CIFAR10Stage(), LinearAffinityStage(), TrainStage(), AlignmentStage(),
        AffinityStage(), ClaimsStage(),
    ]
}
