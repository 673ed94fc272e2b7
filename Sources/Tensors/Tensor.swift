/// The element types a `Tensor` holds: Float for the model and stored NTK, Double for reductions.
///
/// The elementary functions the model needs are requirements so generic code specializes to the
/// C library calls (`expf` / `exp`, `log1pf` / `log1p`); see Tensor+Math.swift.
public protocol TensorScalar: BinaryFloatingPoint, Sendable, Codable where Self.RawSignificand: FixedWidthInteger {
    /// e^x.
    static func exponential(_ x: Self) -> Self
    /// log(1 + x), accurate for small x.
    static func logOnePlus(_ x: Self) -> Self
}

/// Errors of the tensor layer; each carries both shapes or the offending index.
public enum TensorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The number of scalars does not match the product of the shape.
    case countMismatch(shape: [Int], count: Int)
    /// Two operands have incompatible shapes for `operation`.
    case shapeMismatch(operation: String, lhs: [Int], rhs: [Int])
    /// A negative extent in a shape.
    case invalidShape([Int])

    public var description: String {
        switch self {
        case .countMismatch(let shape, let count):
            "shape \(shape) holds \(shape.reduce(1, *)) scalars, got \(count)"
        case .shapeMismatch(let operation, let lhs, let rhs):
            "\(operation): shapes \(lhs) and \(rhs) do not match"
        case .invalidShape(let shape):
            "invalid shape \(shape): extents must be >= 0"
        }
    }
}

/// A dense, row-major tensor of Float or Double: a shape and its scalars, last axis fastest.
///
/// A value type (copy on write through the array). Rank 0 is a scalar (shape `[]`, one element);
/// zero-length axes are allowed.
public struct Tensor<Scalar: TensorScalar>: Sendable, Equatable, Codable {
    /// Extent of each axis.
    public private(set) var shape: [Int]
    /// The scalars in row-major order; `scalars.count == shape.reduce(1, *)`.
    public var scalars: [Scalar]

    /// A tensor of `shape` holding `scalars` (row-major). Throws when the count does not match.
    public init(shape: [Int], scalars: [Scalar]) throws(TensorError) {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw .invalidShape(shape) }
        guard scalars.count == shape.reduce(1, *) else { throw .countMismatch(shape: shape, count: scalars.count) }
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of `shape` filled with `value` (zero by default).
    public init(shape: [Int], repeating value: Scalar = 0) {
        precondition(shape.allSatisfy { $0 >= 0 }, "invalid shape \(shape)")
        self.shape = shape
        self.scalars = [Scalar](repeating: value, count: shape.reduce(1, *))
    }

    /// Number of axes.
    public var rank: Int { shape.count }
    /// Number of scalars.
    public var count: Int { scalars.count }

    /// Row-major strides, in elements.
    public var strides: [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var stride = 1
        for axis in shape.indices.reversed() {
            strides[axis] = stride
            stride *= shape[axis]
        }
        return strides
    }

    /// The flat offset of `indices`; checked against the shape.
    @inlinable public func offset(_ indices: [Int]) -> Int {
        precondition(indices.count == shape.count, "index \(indices) for shape \(shape)")
        var offset = 0
        for axis in indices.indices {
            precondition(indices[axis] >= 0 && indices[axis] < shape[axis], "index \(indices) out of shape \(shape)")
            offset = offset * shape[axis] + indices[axis]
        }
        return offset
    }

    /// The element at `indices` (one per axis).
    public subscript(_ indices: Int...) -> Scalar {
        get { scalars[offset(indices)] }
        set { scalars[offset(indices)] = newValue }
    }

    /// The same scalars under another shape with the same count.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        try Tensor(shape: newShape, scalars: scalars)
    }

    /// The scalars converted to another precision.
    public func converted<Other: TensorScalar>(to _: Other.Type = Other.self) -> Tensor<Other> {
        Tensor<Other>(unchecked: shape, scalars.map { Other($0) })
    }

    /// Builds without checking; for internal use where the count is known to match.
    @usableFromInline init(unchecked shape: [Int], _ scalars: [Scalar]) {
        self.shape = shape
        self.scalars = scalars
    }
}
