internal import CHDF5
public import Tensors

extension HDF5Writer {
    /// Writes `values` (row-major, `shape.reduce(1, *)` of them) as dataset `name` whose axes are
    /// the dimensions `dims` (one distinct name per axis, e.g. `probe_i`, `probe_j` for a square
    /// matrix), with the CF attributes of `metadata`.
    ///
    /// A dimension is looked up in the dataset's group, then its parents; an existing one must have
    /// the axis' length. A missing one is created in the dataset's group as a dimension without
    /// coordinate values (netCDF's convention). `storage` chooses contiguous or chunked, shuffled
    /// and deflated storage.
    public func write<E: HDF5Element>(_ values: [E], shape: [Int], name: String, dims: [String],
                                      metadata: VariableMetadata = .init(),
                                      storage: HDF5Storage = .contiguous) throws(HDF5Error) {
        let target = try createDataset(name: name, elementType: E.self, shape: shape, dims: dims,
                                       metadata: metadata, storage: storage)
        guard values.count == shape.reduce(1, *) else {
            throw .countMismatch(file: path, object: target, shape: shape, count: values.count)
        }
        let site = site(target)
        let dataset = try Handle(.dataset, "H5Dopen2", site) { H5Dopen2(file.id, target, repro_H5P_DEFAULT()) }
        try DatasetIO.write(dataset, values, site)
        try dataset.close(site)
    }

    /// Writes `tensor` as dataset `name`; see `write(_:shape:name:dims:metadata:storage:)`.
    public func write<S: TensorScalar & HDF5Element>(_ tensor: Tensor<S>, name: String, dims: [String],
                                                     metadata: VariableMetadata = .init(),
                                                     storage: HDF5Storage = .contiguous) throws(HDF5Error) {
        try write(tensor.scalars, shape: tensor.shape, name: name, dims: dims, metadata: metadata, storage: storage)
    }

    /// Writes `tensor` as dataset `name`, chunked with `chunks` (automatic when nil) and deflated
    /// at level `compression` (1...9) after shuffling.
    public func write<S: TensorScalar & HDF5Element>(_ tensor: Tensor<S>, name: String, dims: [String],
                                                     metadata: VariableMetadata = .init(),
                                                     chunks: [Int]?, compression: Int?) throws(HDF5Error) {
        try write(tensor, name: name, dims: dims, metadata: metadata,
                  storage: HDF5Storage(chunks: chunks, compression: compression))
    }

    /// Creates dataset `name` of `shape` without writing values (unwritten values read as 0); fill
    /// it with `writeSlab`. Returns the dataset's absolute path.
    @discardableResult
    public func createDataset<E: HDF5Element>(name: String, elementType: E.Type, shape: [Int], dims: [String],
                                              metadata: VariableMetadata = .init(),
                                              storage: HDF5Storage = .contiguous) throws(HDF5Error) -> String {
        try checkOpen()
        let target = try ObjectPath.normalize(name, file: path)
        let site = site(target)
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw .invalidArgument(file: path, object: target, reason: "negative extent in shape \(shape)")
        }
        let attributes = try metadata.attributes(file: path, object: target, elementType: E.hdf5ElementType)
        let scales = try resolveDimensions(dims, shape: shape, for: target, unlimitedFirst: false)
        try ensureGroup(ObjectPath.parent(target))
        let dataset = try makeDataset(target, type: E.hdf5ElementType, shape: shape, unlimitedFirst: false,
                                      storage: storage, site)
        for (name, value) in attributes { try AttributeIO.write(value, name: name, on: dataset, site) }
        try attach(scales, to: dataset, site)
        try dataset.close(site)
        return target
    }

    /// Writes `values` (row-major, shape `count`) into `start ..< start + count` of dataset `name`.
    public func writeSlab<E: HDF5Element>(_ values: [E], name: String, start: [Int], count: [Int]) throws(HDF5Error) {
        try checkOpen()
        let target = try ObjectPath.normalize(name, file: path)
        let site = site(target)
        let dataset = try Handle(.dataset, "H5Dopen2", site) { H5Dopen2(file.id, target, repro_H5P_DEFAULT()) }
        try DatasetIO.write(dataset, values, start: start, count: count, site)
        try dataset.close(site)
    }

    /// Creates a dataset whose first axis (dimension `dims[0]`, created unlimited) starts empty and
    /// grows by one slab of `slabShape` per `append`, for streaming checkpoints. Chunks default to
    /// one slab (halved while over 1 MiB).
    public func createAppendable<E: HDF5Element>(name: String, elementType: E.Type, slabShape: [Int], dims: [String],
                                                 metadata: VariableMetadata = .init(),
                                                 compression: Int? = nil) throws(HDF5Error) -> HDF5AppendableDataset<E> {
        try checkOpen()
        let target = try ObjectPath.normalize(name, file: path)
        let site = site(target)
        guard slabShape.allSatisfy({ $0 > 0 }) else {
            throw .invalidArgument(file: path, object: target, reason: "appendable slab shape \(slabShape) needs extents >= 1")
        }
        let shape = [0] + slabShape
        let attributes = try metadata.attributes(file: path, object: target, elementType: E.hdf5ElementType)
        let scales = try resolveDimensions(dims, shape: shape, for: target, unlimitedFirst: true)
        try ensureGroup(ObjectPath.parent(target))
        let chunks = HDF5Storage.automaticChunks(shape: [1] + slabShape, elementSize: E.hdf5ElementType.size)
        let dataset = try makeDataset(target, type: E.hdf5ElementType, shape: shape, unlimitedFirst: true,
                                      storage: HDF5Storage(chunks: chunks, compression: compression), site)
        for (name, value) in attributes { try AttributeIO.write(value, name: name, on: dataset, site) }
        try attach(scales, to: dataset, site)
        try dataset.close(site)
        return HDF5AppendableDataset(writer: self, path: target, slabShape: slabShape, dimension: scales[0])
    }

    /// Extends the appendable dataset at `target` by one slab and writes `values` into it, then grows
    /// its first dimension scale to match (`H5Dset_extent`). Returns the new length.
    func appendSlab<E: HDF5Element>(_ values: [E], to target: String, slabShape: [Int], dimension: String) throws(HDF5Error) -> Int {
        try checkOpen()
        let site = site(target)
        let dataset = try Handle(.dataset, "H5Dopen2", site) { H5Dopen2(file.id, target, repro_H5P_DEFAULT()) }
        let shape = try DatasetIO.shape(of: dataset, site)
        let length = shape[0] + 1
        var extent = ([length] + slabShape).map { hsize_t($0) }
        try hdf5("H5Dset_extent", site) { H5Dset_extent(dataset.id, &extent) }
        try DatasetIO.write(dataset, values, start: [shape[0]] + slabShape.map { _ in 0 }, count: [1] + slabShape, site)
        try dataset.close(site)
        if dimension == target {
            dimensions[dimension]?.length = length
        } else if let known = dimensions[dimension], !known.hasValues, known.length < length {
            // A bare dimension follows the longest dataset streamed along it.
            let scaleSite = self.site(dimension)
            let scale = try Handle(.dataset, "H5Dopen2", scaleSite) { H5Dopen2(file.id, dimension, repro_H5P_DEFAULT()) }
            var scaleExtent = [hsize_t(length)]
            try hdf5("H5Dset_extent", scaleSite) { H5Dset_extent(scale.id, &scaleExtent) }
            try scale.close(scaleSite)
            dimensions[dimension]?.length = length
        }
        return length
    }

    /// `H5Dcreate2` with the storage layout and filters of `storage`, object times off.
    func makeDataset(_ target: String, type: HDF5ElementType, shape: [Int], unlimitedFirst: Bool,
                     storage: HDF5Storage, _ site: HDF5Site) throws(HDF5Error) -> Handle {
        let creation = try datasetCreation(site)
        var chunks = storage.chunks
        if let level = storage.compression {
            guard (1...9).contains(level) else {
                throw .invalidArgument(file: path, object: site.object, reason: "compression level \(level) is not in 1...9")
            }
            if chunks == nil { chunks = HDF5Storage.automaticChunks(shape: shape, elementSize: type.size) }
        }
        if let chunks, !shape.isEmpty, unlimitedFirst || !shape.contains(0) {
            guard chunks.count == shape.count,
                  zip(chunks, shape).enumerated().allSatisfy({ $1.0 >= 1 && ($1.0 <= $1.1 || (unlimitedFirst && $0 == 0)) }) else {
                throw .invalidArgument(file: path, object: site.object, reason: "chunks \(chunks) do not fit shape \(shape)")
            }
            let dims = chunks.map { hsize_t($0) }
            try hdf5("H5Pset_chunk", site) { H5Pset_chunk(creation.id, Int32(dims.count), dims) }
            if let level = storage.compression {
                try hdf5("H5Pset_shuffle", site) { H5Pset_shuffle(creation.id) }
                try hdf5("H5Pset_deflate", site) { H5Pset_deflate(creation.id, UInt32(level)) }
            }
        }
        let space = try Self.dataspace(shape: shape, unlimitedFirst: unlimitedFirst, site)
        let fileType = try type.fileType(site)
        return try Handle(.dataset, "H5Dcreate2", site) {
            H5Dcreate2(file.id, site.object, fileType.id, space.id, repro_H5P_DEFAULT(), creation.id, repro_H5P_DEFAULT())
        }
    }
}

extension HDF5Writer {
    /// A scalar dataspace for `[]`, else a simple one whose first axis may be unlimited.
    static func dataspace(shape: [Int], unlimitedFirst: Bool, _ site: HDF5Site) throws(HDF5Error) -> Handle {
        if shape.isEmpty { return try Handle(.dataspace, "H5Screate", site) { H5Screate(H5S_SCALAR) } }
        let current = shape.map { hsize_t($0) }
        var maximum = current
        if unlimitedFirst { maximum[0] = repro_H5S_UNLIMITED() }
        return try Handle(.dataspace, "H5Screate_simple", site) { H5Screate_simple(Int32(current.count), current, maximum) }
    }
}

extension HDF5ElementType {
    /// Bytes per value.
    var size: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .uint8, .bool: 1
        }
    }
}
