/// Errors of the figures layer: each names the call, file or spec element that failed.
public enum FiguresError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A cairo call reported `status` (cairo's own message) while writing `file`.
    case cairo(call: String, file: String, status: String)
    /// A plot spec is inconsistent; `what` names the element and both sizes.
    case invalidSpec(String)
    /// The figure size or resolution cannot be drawn (non-positive, or too many pixels).
    case invalidSize(String)
    /// Moving the finished file into place failed.
    case io(operation: String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case .cairo(let call, let file, let status): return "\(file): \(call) failed: \(status)"
        case .invalidSpec(let what): return "invalid plot: \(what)"
        case .invalidSize(let what): return "invalid figure size: \(what)"
        case .io(let operation, let path, let code): return "\(path): \(operation) failed (errno \(code))"
        }
    }
}
