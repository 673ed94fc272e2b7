/// Errors of the HDF5 layer. Each case names the file and the object (a path inside the file, "/"
/// for the root) it concerns; `callFailed` also carries the HDF5 call and HDF5's own error stack.
public enum HDF5Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// An HDF5 C call returned a negative status. `stack` is HDF5's error stack, innermost last,
    /// one "function: description" entry each (collected with `H5Ewalk2`).
    case callFailed(operation: String, file: String, object: String, stack: [String])
    /// The number of values does not match the shape.
    case countMismatch(file: String, object: String, shape: [Int], count: Int)
    /// A slab or tensor does not fit the dataset's shape.
    case shapeMismatch(file: String, object: String, expected: [Int], got: [Int])
    /// The stored element type cannot be read as the requested one.
    case typeMismatch(file: String, object: String, stored: String, requested: String)
    /// A dimension's existing length (or coordinate length) differs from the axis it is attached to.
    case dimensionMismatch(file: String, object: String, dimension: String, axisLength: Int, dimensionLength: Int)
    /// A call was given an argument it cannot use; `reason` says which and why.
    case invalidArgument(file: String, object: String, reason: String)
    /// No object of that name exists in the file.
    case notFound(file: String, object: String)
    /// The file does not exist or is not an HDF5 file.
    case notHDF5(file: String)
    /// The writer or reader was already closed.
    case closed(file: String)
    /// Renaming the finished temporary file onto the final path failed.
    case commitFailed(file: String, reason: String)

    public var description: String {
        switch self {
        case .callFailed(let operation, let file, let object, let stack):
            let detail = stack.isEmpty ? "" : ": " + stack.joined(separator: "; ")
            return "\(file): \(object): \(operation) failed\(detail)"
        case .countMismatch(let file, let object, let shape, let count):
            return "\(file): \(object): shape \(shape) holds \(shape.reduce(1, *)) values, got \(count)"
        case .shapeMismatch(let file, let object, let expected, let got):
            return "\(file): \(object): expected shape \(expected), got \(got)"
        case .typeMismatch(let file, let object, let stored, let requested):
            return "\(file): \(object): stored as \(stored), cannot be read as \(requested)"
        case .dimensionMismatch(let file, let object, let dimension, let axis, let length):
            return "\(file): \(object): dimension '\(dimension)' has length \(length), but the axis has \(axis)"
        case .invalidArgument(let file, let object, let reason):
            return "\(file): \(object): \(reason)"
        case .notFound(let file, let object):
            return "\(file): no object '\(object)'"
        case .notHDF5(let file):
            return "\(file): not an HDF5 file (or it does not exist)"
        case .closed(let file):
            return "\(file): already closed"
        case .commitFailed(let file, let reason):
            return "\(file): could not move the finished file into place: \(reason)"
        }
    }
}
