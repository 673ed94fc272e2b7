internal import CHDF5

/// A file dataspace with a selection, the matching memory dataspace, and the selection's shape.
struct Selection: ~Copyable {
    let file: Handle
    let memory: Handle
    let count: [Int]
}

/// Reads and writes whole datasets and hyperslabs; generic over the element type.
enum DatasetIO {
    /// The current extent of each axis (`H5Dget_space`, `H5Sget_simple_extent_dims`); `[]` for a scalar.
    static func shape(of dataset: borrowing Handle, _ site: HDF5Site) throws(HDF5Error) -> [Int] {
        let space = try Handle(.dataspace, "H5Dget_space", site) { H5Dget_space(dataset.id) }
        return try extents(of: space, site).current
    }

    /// Current and maximum extents of a dataspace; a maximum of -1 means unlimited.
    static func extents(of space: borrowing Handle, _ site: HDF5Site) throws(HDF5Error) -> (current: [Int], maximum: [Int]) {
        let rank = Int(try hdf5("H5Sget_simple_extent_ndims", site) { H5Sget_simple_extent_ndims(space.id) })
        var current = [hsize_t](repeating: 0, count: rank)
        var maximum = [hsize_t](repeating: 0, count: rank)
        try hdf5("H5Sget_simple_extent_dims", site) { H5Sget_simple_extent_dims(space.id, &current, &maximum) }
        return (current.map { Int($0) }, maximum.map { $0 == repro_H5S_UNLIMITED() ? -1 : Int($0) })
    }

    /// The stored element type, checked to be readable as `requested`.
    static func checkReadable(_ dataset: borrowing Handle, as requested: HDF5ElementType, _ site: HDF5Site) throws(HDF5Error) {
        let type = try Handle(.datatype, "H5Dget_type", site) { H5Dget_type(dataset.id) }
        guard let stored = HDF5ElementType.stored(type.id), stored.kind == requested.kind else {
            throw .typeMismatch(file: site.file, object: site.object,
                                stored: HDF5ElementType.describe(type.id), requested: requested.rawValue)
        }
    }

    /// A file dataspace selecting `start ..< start + count` (`H5Sselect_hyperslab`) and a memory
    /// dataspace of shape `count`. Nil `start` selects everything.
    static func selection(_ dataset: borrowing Handle, start: [Int]?, count: [Int]?, _ site: HDF5Site)
        throws(HDF5Error) -> Selection {
        let fileSpace = try Handle(.dataspace, "H5Dget_space", site) { H5Dget_space(dataset.id) }
        let shape = try extents(of: fileSpace, site).current
        guard let start, let count else {
            let memory = try Handle(.dataspace, "H5Scopy", site) { H5Scopy(fileSpace.id) }
            return Selection(file: fileSpace, memory: memory, count: shape)
        }
        guard start.count == shape.count, count.count == shape.count,
              zip(zip(start, count), shape).allSatisfy({ $0.0 >= 0 && $0.1 >= 0 && $0.0 + $0.1 <= $1 }) else {
            throw .invalidArgument(file: site.file, object: site.object,
                                   reason: "slab start \(start) count \(count) outside shape \(shape)")
        }
        if shape.isEmpty {
            let memory = try Handle(.dataspace, "H5Scopy", site) { H5Scopy(fileSpace.id) }
            return Selection(file: fileSpace, memory: memory, count: [])
        }
        var offsets = start.map { hsize_t($0) }
        var extents = count.map { hsize_t($0) }
        try hdf5("H5Sselect_hyperslab", site) {
            H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, &offsets, nil, &extents, nil)
        }
        let memory = try Handle(.dataspace, "H5Screate_simple", site) {
            H5Screate_simple(Int32(extents.count), &extents, nil)
        }
        return Selection(file: fileSpace, memory: memory, count: count)
    }

    /// Reads the selected values (all when `start` is nil) in row-major order (`H5Dread`).
    static func read<E: HDF5Element>(_ dataset: borrowing Handle, start: [Int]? = nil, count: [Int]? = nil,
                                     as _: E.Type = E.self, _ site: HDF5Site) throws(HDF5Error) -> (shape: [Int], values: [E]) {
        try checkReadable(dataset, as: E.hdf5ElementType, site)
        let selected = try selection(dataset, start: start, count: count, site)
        let shape = selected.count
        let total = shape.reduce(1, *)
        guard total > 0 else { return (shape, []) }
        var values = [E]()
        try read(dataset, selected, into: &values, site)
        return (shape, values)
    }

    /// Reads the selected values into `values`, replacing its contents; its storage is reused when
    /// it already holds at least as many values (`H5Dread`).
    static func read<E: HDF5Element>(_ dataset: borrowing Handle, _ selected: borrowing Selection,
                                     into values: inout [E], _ site: HDF5Site) throws(HDF5Error) {
        let total = selected.count.reduce(1, *)
        let memoryType = try E.hdf5ElementType.memoryType(site)
        let datasetID = dataset.id, memoryID = memoryType.id
        let memorySpace = selected.memory.id, fileSpace = selected.file.id
        func read(_ pointer: UnsafeMutableRawPointer?) -> herr_t {
            H5Dread(datasetID, memoryID, memorySpace, fileSpace, repro_H5P_DEFAULT(), pointer)
        }
        var status: herr_t = 0
        if values.count >= total {
            values.removeLast(values.count - total)
            if total > 0 { status = values.withUnsafeMutableBytes { read($0.baseAddress) } }
        } else {
            values = [E](unsafeUninitializedCapacity: total) { buffer, initialized in
                status = read(UnsafeMutableRawPointer(buffer.baseAddress))
                initialized = status >= 0 ? total : 0
            }
        }
        try hdf5("H5Dread", site) { status }
    }

    /// Reads `start ..< start + count` into `values` (see `read(_:_:into:_:)`), checking the type.
    static func read<E: HDF5Element>(_ dataset: borrowing Handle, start: [Int], count: [Int],
                                     into values: inout [E], _ site: HDF5Site) throws(HDF5Error) {
        try checkReadable(dataset, as: E.hdf5ElementType, site)
        let selected = try selection(dataset, start: start, count: count, site)
        try read(dataset, selected, into: &values, site)
    }

    /// Writes `values` (row-major) into the selection (all when `start` is nil) (`H5Dwrite`).
    static func write<E: HDF5Element>(_ dataset: borrowing Handle, _ values: [E], start: [Int]? = nil,
                                      count: [Int]? = nil, _ site: HDF5Site) throws(HDF5Error) {
        let selected = try selection(dataset, start: start, count: count, site)
        let shape = selected.count
        guard values.count == shape.reduce(1, *) else {
            throw .countMismatch(file: site.file, object: site.object, shape: shape, count: values.count)
        }
        guard !values.isEmpty else { return }
        let memoryType = try E.hdf5ElementType.memoryType(site)
        let status = values.withUnsafeBytes { bytes in
            H5Dwrite(dataset.id, memoryType.id, selected.memory.id, selected.file.id, repro_H5P_DEFAULT(), bytes.baseAddress)
        }
        try hdf5("H5Dwrite", site) { status }
    }
}
