import Tensors
import Testing

@Suite struct TensorTests {
    @Test func rowMajorIndexing() throws {
        let t = try Tensor<Float>(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
        #expect(t[1, 2] == 5)
        #expect(t[0, 1] == 1)
        #expect(t.strides == [3, 1])
    }

    @Test func countMismatchNamesShapeAndCount() {
        #expect(throws: TensorError.countMismatch(shape: [2, 2], count: 3)) {
            try Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3])
        }
    }

    @Test func scalarAndEmptyShapes() throws {
        let scalar = try Tensor<Double>(shape: [], scalars: [4])
        #expect(scalar.count == 1 && scalar.rank == 0)
        let empty = Tensor<Float>(shape: [3, 0, 2])
        #expect(empty.count == 0)
    }
}
