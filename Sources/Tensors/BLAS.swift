internal import CBLAS

/// Every OpenBLAS call of the project goes through this file.
///
/// Matrices are row-major. The thread count is a process-wide OpenBLAS setting (`openblas_set_num_threads`):
/// a run sets it once before it starts; runs executed in parallel each use one thread (see
/// `Model/Training.swift`). OpenBLAS gemm/syrk split the output among threads and never the inner
/// dimension, so the result does not depend on the thread count (checked by a test).
public enum BLAS {
    /// Sets the number of OpenBLAS threads for the whole process (`openblas_set_num_threads`).
    public static func setThreads(_ count: Int) {
        openblas_set_num_threads(Int32(Swift.max(1, count)))
    }

    /// The current number of OpenBLAS threads (`openblas_get_num_threads`).
    public static var threads: Int { Int(openblas_get_num_threads()) }

    /// C = alpha op(A) op(B) + beta C (`cblas_sgemm` / `cblas_dgemm`), row-major.
    ///
    /// op(A) is [m, k], op(B) is [k, n], C is [m, n]; `lda`, `ldb`, `ldc` are the row strides of the
    /// matrices as stored (before the transpose). Nothing happens when m or n is zero.
    public static func gemm<Scalar: TensorScalar>(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Scalar, a: UnsafePointer<Scalar>, lda: Int, b: UnsafePointer<Scalar>, ldb: Int,
        beta: Scalar, c: UnsafeMutablePointer<Scalar>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        let ta = transposeA ? CblasTrans : CblasNoTrans, tb = transposeB ? CblasTrans : CblasNoTrans
        if Scalar.self == Float.self {
            a.withMemoryRebound(to: Float.self, capacity: 1) { a in
                b.withMemoryRebound(to: Float.self, capacity: 1) { b in
                    c.withMemoryRebound(to: Float.self, capacity: 1) { c in
                        cblas_sgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), Float(alpha), a, Int32(lda),
                                    b, Int32(ldb), Float(beta), c, Int32(ldc))
                    }
                }
            }
        } else {
            a.withMemoryRebound(to: Double.self, capacity: 1) { a in
                b.withMemoryRebound(to: Double.self, capacity: 1) { b in
                    c.withMemoryRebound(to: Double.self, capacity: 1) { c in
                        cblas_dgemm(CblasRowMajor, ta, tb, Int32(m), Int32(n), Int32(k), Double(alpha), a, Int32(lda),
                                    b, Int32(ldb), Double(beta), c, Int32(ldc))
                    }
                }
            }
        }
    }

    /// The lower triangle (column <= row) of C = alpha A A^T + beta C (`cblas_ssyrk` / `cblas_dsyrk`),
    /// row-major; A is [n, k] with row stride `lda`, C is [n, n] with row stride `ldc`. The strict upper
    /// triangle of C is left untouched.
    public static func syrkLower<Scalar: TensorScalar>(
        n: Int, k: Int, alpha: Scalar, a: UnsafePointer<Scalar>, lda: Int,
        beta: Scalar, c: UnsafeMutablePointer<Scalar>, ldc: Int
    ) {
        guard n > 0 else { return }
        if Scalar.self == Float.self {
            a.withMemoryRebound(to: Float.self, capacity: 1) { a in
                c.withMemoryRebound(to: Float.self, capacity: 1) { c in
                    cblas_ssyrk(CblasRowMajor, CblasLower, CblasNoTrans, Int32(n), Int32(k), Float(alpha), a, Int32(lda),
                                Float(beta), c, Int32(ldc))
                }
            }
        } else {
            a.withMemoryRebound(to: Double.self, capacity: 1) { a in
                c.withMemoryRebound(to: Double.self, capacity: 1) { c in
                    cblas_dsyrk(CblasRowMajor, CblasLower, CblasNoTrans, Int32(n), Int32(k), Double(alpha), a, Int32(lda),
                                Double(beta), c, Int32(ldc))
                }
            }
        }
    }
}
