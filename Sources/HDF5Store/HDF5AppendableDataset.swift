public import Tensors

/// A dataset whose first axis grows by one slab per `append`, so a training run can stream one
/// checkpoint at a time. Made by `HDF5Writer.createAppendable` (or `createAppendableCoordinate`,
/// whose slabs are single values: `append([step])`); valid until the writer closes.
public final class HDF5AppendableDataset<Element: HDF5Element> {
    let writer: HDF5Writer
    /// The dataset's absolute path in the file.
    public let path: String
    /// The shape of one slab (the dataset's shape without the first axis).
    public let slabShape: [Int]
    let dimension: String
    /// Number of slabs appended so far (the first axis' length).
    public private(set) var count = 0

    init(writer: HDF5Writer, path: String, slabShape: [Int], dimension: String) {
        self.writer = writer
        self.path = path
        self.slabShape = slabShape
        self.dimension = dimension
    }

    /// Appends one slab: `values` in row-major order, `slabShape.reduce(1, *)` of them.
    public func append(_ values: [Element]) throws(HDF5Error) {
        guard values.count == slabShape.reduce(1, *) else {
            throw .countMismatch(file: writer.path, object: path, shape: slabShape, count: values.count)
        }
        count = try writer.appendSlab(values, to: path, slabShape: slabShape, dimension: dimension)
    }

    /// Appends one slab given as a tensor of shape `slabShape`.
    public func append(_ tensor: Tensor<Element>) throws(HDF5Error) where Element: TensorScalar {
        guard tensor.shape == slabShape else {
            throw .shapeMismatch(file: writer.path, object: path, expected: slabShape, got: tensor.shape)
        }
        try append(tensor.scalars)
    }
}
