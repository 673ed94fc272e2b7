/// The paper's figures, as the `figure` stage kind names them (its `figure` parameter).
public enum PaperFigure: String, CaseIterable, Sendable {
    case fig1a, fig1b, fig2a, fig2b, fig2c, fig3

    /// The analysis file it is drawn from (its file name under `outputs/`, docs/outputs.md).
    public var inputFile: String {
        switch self {
        case .fig1a: "linear-cifar10.h5"
        case .fig1b: "linear-synthetic.h5"
        case .fig2a, .fig2b, .fig2c: "alignment.h5"
        case .fig3: "affinity.h5"
        }
    }

    /// The claim of SPEC 7 the figure supports (1-based; claim k goes with the k-th figure).
    public var claim: Int { PaperFigure.allCases.firstIndex(of: self).map { $0 + 1 } ?? 0 }

    /// "Figure 1a".
    public var label: String { "Figure " + rawValue.dropFirst(3) }

    /// What the figure shows, for the report.
    public var caption: String {
        switch self {
        case .fig1a:
            "Linear task affinity on CIFAR-10 (Proposition 2): the normalized M2[a, b] = δ_bᵀ X Xᵀ δ_a / "
                + "√(M2[a, a] M2[b, b]) between the ten one-vs-rest tasks, X the 50,000 training images centered per pixel."
        case .fig1b:
            "The same linear affinity (normalized M2) between the four tasks of the synthetic data set."
        case .fig2a:
            "Diagonal NTK blocks, one panel per task: alignment of K_aa with the target Gram matrix t_a t_aᵀ (red) and "
                + "with the residual Gram matrix G_aa = r_a r_aᵀ (blue), on the probe set. Thin lines: single runs; "
                + "bold: mean over runs; band: range over runs."
        case .fig2b:
            "Alignment A(K_ab, G_ab) of the off-diagonal blocks (colored, one color per pair of tasks; A(K_ab, G_ab) = "
                + "A(K_ba, G_ba)) and of the diagonal blocks (gray, dotted). Thin lines: single runs; bold: mean over runs."
        case .fig2c:
            "Cross-run consistency: alignment of each run's NTK block K_ab with the mean over runs of K_ab, for the "
                + "diagonal blocks (a) and the off-diagonal blocks (b) with the threshold line, and the same for the "
                + "residual Gram matrices G_ab (c). Thin lines: single runs; bold: mean over runs."
        case .fig3:
            "Task affinity S[a → b] computed from the mean over runs of K and G at several epochs, on one color scale "
                + "(row a: the task whose update is applied; column b: the task whose loss changes)."
        }
    }

    /// The paper's text the figure supports (quoted from the paper).
    public var paperClaim: String {
        switch self {
        case .fig1a:
            "“The task-affinity measure is able to group tasks in a way consistent with the semantic clustering of "
                + "living and non-living clustering, as suggested by the brighter squares in the middle and corners.” (Section 3, Figure 1a)"
        case .fig1b:
            "“The same measure on synthetic data rightly shows a weaker interaction between task 4 and task 1,2,3 "
                + "but misses that task 1 is more similar to 2 than to 3.” (Figure 1b)"
        case .fig2a:
            "“The alignment between the diagonal blocks of K and G is comparable to—or even greater than—the "
                + "alignment between K and the Gram matrix of y.” (Section 4.1, observation 1)"
        case .fig2b:
            "“The alignment of off-diagonal blocks exhibits greater instability and evolves over a longer timescale "
                + "compared to the diagonal blocks.” (Section 4.1, observation 2)"
        case .fig2c:
            "“Diagonal blocks of the NTK quickly align with the mean NTK computed over 5 runs, while off-diagonal blocks "
                + "achieve alignment levels exceeding 0.8 after 60 epochs”; “the G_ab matrices across different "
                + "initializations demonstrate strong alignment throughout training.” (Figure 2c, observation 3)"
        case .fig3:
            "“The strong affinity between tasks 1 and 2 becomes apparent from epoch 50, while the other affinities "
                + "align with our expectations.” (Section 4.2, Figure 3)"
        }
    }

    /// Width and height in inches when the stage does not set them.
    var defaultSize: (width: Double, height: Double) {
        switch self {
        case .fig1a: (5.0, 4.4)
        case .fig1b: (4.0, 3.4)
        case .fig2a: (7.5, 5.6)
        case .fig2b: (7.0, 3.8)
        case .fig2c: (11.0, 3.6)
        case .fig3: (7.5, 5.4)
        }
    }
}
