internal import Foundation

extension Float: TensorScalar {
    public static func exponential(_ x: Float) -> Float { Foundation.expf(x) }
    public static func logOnePlus(_ x: Float) -> Float { Foundation.log1pf(x) }
}

extension Double: TensorScalar {
    public static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
    public static func logOnePlus(_ x: Double) -> Double { Foundation.log1p(x) }
}

extension TensorScalar {
    /// The logistic sigmoid 1 / (1 + e^-x), without overflow for large |x|.
    @inlinable public static func sigmoid(_ x: Self) -> Self {
        if x >= 0 { return 1 / (1 + exponential(-x)) }
        let e = exponential(x)
        return e / (1 + e)
    }

    /// softplus(x) = log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|) (no overflow).
    @inlinable public static func softplus(_ x: Self) -> Self {
        Swift.max(x, 0) + logOnePlus(exponential(-Swift.abs(x)))
    }
}

extension Tensor {
    /// The matrix product op(self) @ op(other) of two rank-2 tensors, through BLAS gemm.
    ///
    /// `self` is [m, k] ([k, m] when `transposeSelf`), `other` is [k, n] ([n, k] when `transposeOther`);
    /// the result is [m, n]. Throws `shapeMismatch` naming both shapes when the inner extents differ.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false)
        throws(TensorError) -> Tensor {
        guard rank == 2, other.rank == 2 else {
            throw .shapeMismatch(operation: "matmul (rank 2 expected)", lhs: shape, rhs: other.shape)
        }
        let m = transposeSelf ? shape[1] : shape[0], k = transposeSelf ? shape[0] : shape[1]
        let otherK = transposeOther ? other.shape[1] : other.shape[0]
        let n = transposeOther ? other.shape[0] : other.shape[1]
        guard k == otherK else {
            throw .shapeMismatch(operation: "matmul\(transposeSelf ? " (lhs transposed)" : "")"
                                 + "\(transposeOther ? " (rhs transposed)" : "")", lhs: shape, rhs: other.shape)
        }
        var result = Tensor(shape: [m, n])
        scalars.withUnsafeBufferPointer { a in
            other.scalars.withUnsafeBufferPointer { b in
                result.scalars.withUnsafeMutableBufferPointer { c in
                    guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
                    BLAS.gemm(transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k,
                              alpha: 1, a: a, lda: shape[1], b: b, ldb: other.shape[1],
                              beta: 0, c: c, ldc: n)
                }
            }
        }
        return result
    }

    /// The transpose of a rank-2 tensor: [m, n] -> [n, m].
    public func transposed() throws(TensorError) -> Tensor {
        guard rank == 2 else { throw .shapeMismatch(operation: "transpose (rank 2 expected)", lhs: shape, rhs: []) }
        let (m, n) = (shape[0], shape[1])
        var result = [Scalar](repeating: 0, count: count)
        for row in 0..<m { for column in 0..<n { result[column * m + row] = scalars[row * n + column] } }
        return Tensor(unchecked: [n, m], result)
    }

    /// The largest |self - other| over all elements; throws when the shapes differ.
    public func maxAbsDifference(_ other: Tensor) throws(TensorError) -> Scalar {
        guard shape == other.shape else { throw .shapeMismatch(operation: "maxAbsDifference", lhs: shape, rhs: other.shape) }
        var largest: Scalar = 0
        for index in scalars.indices { largest = Swift.max(largest, Swift.abs(scalars[index] - other.scalars[index])) }
        return largest
    }
}
