/// One reading of the choices the paper leaves open (SPEC 8). `Reading.all` lists every combination of
/// residual, alignment and target, the default (`loss-gradient`, `uncentered`, `pm1`) first.
public struct Reading: Sendable, Hashable, Codable, CustomStringConvertible {
    /// What a residual r is.
    public enum Residual: String, Sendable, Hashable, Codable, CaseIterable {
        /// r = w (p - y), the gradient of the class-weighted BCE with respect to the logit (default).
        case lossGradient = "loss-gradient"
        /// r = p - y, the paper's equation 4 literally.
        case deviation
    }

    /// Whether matrices are centered (H M H, H = I - 11^T / N) before the cosine.
    public enum Centering: String, Sendable, Hashable, Codable, CaseIterable {
        case uncentered
        case centered

        public var isCentered: Bool { self == .centered }
    }

    /// The target vector t of the target alignment A(K_aa, t t^T).
    public enum Target: String, Sendable, Hashable, Codable, CaseIterable {
        /// t = 2 y - 1 (default).
        case pm1
        /// t = y.
        case zeroOne = "01"

        /// t for label value `y` (0 or 1).
        @inlinable public func value(_ y: Double) -> Double { self == .pm1 ? 2 * y - 1 : y }
    }

    public var residual: Residual
    public var alignment: Centering
    public var target: Target

    public init(residual: Residual = .lossGradient, alignment: Centering = .uncentered, target: Target = .pm1) {
        self.residual = residual
        self.alignment = alignment
        self.target = target
    }

    /// The default reading, the headline of the report.
    public static let `default` = Reading()

    /// Every combination, default first (residual slowest, target fastest).
    public static let all: [Reading] = Residual.allCases.flatMap { residual in
        Centering.allCases.flatMap { alignment in
            Target.allCases.map { Reading(residual: residual, alignment: alignment, target: $0) }
        }
    }

    /// "residual=loss-gradient alignment=uncentered target=pm1".
    public var description: String {
        "residual=\(residual.rawValue) alignment=\(alignment.rawValue) target=\(target.rawValue)"
    }
}
