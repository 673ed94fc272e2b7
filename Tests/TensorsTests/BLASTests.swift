import Tensors
import Testing

@Suite struct BLASTests {
    func naive(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k { c[i * n + j] += a[i * k + p] * b[p * n + j] } } }
        return c
    }

    @Test func matmulMatchesNaiveProductWithTransposes() throws {
        var stream = Philox(seed: 1).stream(0)
        let a = try Tensor<Double>(shape: [3, 4], scalars: (0..<12).map { _ in stream.nextNormal() })
        let b = try Tensor<Double>(shape: [4, 5], scalars: (0..<20).map { _ in stream.nextNormal() })
        let expected = naive(a.scalars, b.scalars, m: 3, k: 4, n: 5)
        let product = try a.matmul(b)
        #expect(product.shape == [3, 5])
        for index in expected.indices { #expect(abs(product.scalars[index] - expected[index]) < 1e-14) }
        let viaTransposes = try a.transposed().matmul(b.transposed(), transposeSelf: true, transposeOther: true)
        #expect(try viaTransposes.maxAbsDifference(product) < 1e-14)
        let float = try a.converted(to: Float.self).matmul(b.converted(to: Float.self))
        #expect(try float.converted(to: Double.self).maxAbsDifference(product) < 1e-5)
    }

    @Test func shapeMismatchNamesBothShapes() throws {
        let a = Tensor<Float>(shape: [2, 3]), b = Tensor<Float>(shape: [2, 3])
        #expect(throws: TensorError.shapeMismatch(operation: "matmul", lhs: [2, 3], rhs: [2, 3])) { try a.matmul(b) }
        #expect(try a.matmul(b, transposeOther: true).shape == [2, 2])
    }

    @Test func syrkLowerIsTheGramMatrix() throws {
        let a: [Double] = [1, 2, 3, 4, 5, 6]   // [3, 2]
        var c = [Double](repeating: -7, count: 9)
        a.withUnsafeBufferPointer { a in
            c.withUnsafeMutableBufferPointer { c in
                BLAS.syrkLower(n: 3, k: 2, alpha: 2, a: a.baseAddress!, lda: 2, beta: 0, c: c.baseAddress!, ldc: 3)
            }
        }
        #expect(c == [10, -7, -7, 22, 50, -7, 34, 78, 122])
    }

    @Test func threadCountRoundTrips() {
        let before = BLAS.threads
        BLAS.setThreads(1)
        #expect(BLAS.threads == 1)
        BLAS.setThreads(before)
    }

    @Test func sigmoidAndSoftplusAreStable() {
        #expect(Float.sigmoid(-200) >= 0 && Float.sigmoid(200) == 1)
        #expect(Double.softplus(1000) == 1000)
        #expect(abs(Double.softplus(0) - 0.6931471805599453) < 1e-15)
    }
}
