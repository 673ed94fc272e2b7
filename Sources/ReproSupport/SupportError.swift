internal import Foundation

/// Errors of the support layer: each names the call, file or value that failed.
public enum SupportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A libcrypto call failed.
    case crypto(call: String)
    /// A system call on a file failed; `errno` is the C error number.
    case io(operation: String, path: String, errno: Int32)
    /// A JSON document could not be parsed; `detail` carries the parser's message with line and column.
    case invalidJSON(source: String, detail: String)
    /// A value cannot be written as canonical JSON (NaN or infinity).
    case notRepresentableInJSON(String)

    public var description: String {
        switch self {
        case .crypto(let call): return "libcrypto: \(call) failed"
        case .io(let operation, let path, let code):
            return "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        case .invalidJSON(let source, let detail): return "\(source): invalid JSON: \(detail)"
        case .notRepresentableInJSON(let what): return "cannot encode \(what) as JSON"
        }
    }
}
