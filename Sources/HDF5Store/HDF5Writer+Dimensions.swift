internal import CHDF5

/// Named dimensions as HDF5 dimension scales (`H5DSset_scale`, `H5DSattach_scale`), in the form
/// netCDF-4 and h5netcdf read as dimensions.
extension HDF5Writer {
    /// netCDF's NAME for a dimension scale that holds no coordinate values.
    static func netCDFDimensionName(length: Int) -> String {
        let number = String(length)
        return "This is a netCDF dimension but not a netCDF variable." + String(repeating: " ", count: max(0, 10 - number.count)) + number
    }

    /// Writes the 1-D coordinate variable `name` holding `values` and makes it the dimension
    /// `name` (its last path component) for every dataset written later in its group or below.
    public func addCoordinate<E: HDF5Element>(_ name: String, values: [E], units: String? = nil,
                                              longName: String? = nil, description: String? = nil) throws(HDF5Error) {
        let (target, site, attributes) = try prepareCoordinate(name, units: units, longName: longName,
                                                               description: description)
        let dataset = try makeDataset(target, type: E.hdf5ElementType, shape: [values.count], unlimitedFirst: false,
                                      storage: .contiguous, site)
        try DatasetIO.write(dataset, values, site)
        try makeScale(dataset, target, attributes: attributes, site)
        try dataset.close(site)
        dimensions[target] = Dimension(length: values.count, unlimited: false, hasValues: true)
    }

    /// Creates the coordinate variable `name` whose values arrive one at a time (`append([value])`),
    /// for the growing first axis of appendable datasets (e.g. the training step of each checkpoint).
    /// Datasets streamed along it do not extend it; append one value per slab.
    public func createAppendableCoordinate<E: HDF5Element>(_ name: String, elementType: E.Type, units: String? = nil,
                                                           longName: String? = nil, description: String? = nil)
        throws(HDF5Error) -> HDF5AppendableDataset<E> {
        let (target, site, attributes) = try prepareCoordinate(name, units: units, longName: longName,
                                                               description: description)
        let dataset = try makeDataset(target, type: E.hdf5ElementType, shape: [0], unlimitedFirst: true,
                                      storage: HDF5Storage(chunks: [256]), site)
        try makeScale(dataset, target, attributes: attributes, site)
        try dataset.close(site)
        dimensions[target] = Dimension(length: 0, unlimited: true, hasValues: true)
        return HDF5AppendableDataset(writer: self, path: target, slabShape: [], dimension: target)
    }

    /// The checks and names every new coordinate variable starts with: the writer is open, the name is
    /// free, its group exists; returns its absolute path, error site and metadata attributes.
    private func prepareCoordinate(_ name: String, units: String?, longName: String?, description: String?)
        throws(HDF5Error) -> (target: String, site: HDF5Site, attributes: [(String, HDF5AttributeValue)]) {
        try checkOpen()
        let target = try ObjectPath.normalize(name, file: path)
        let attributes = try VariableMetadata(longName: longName, units: units, description: description)
            .attributes(file: path, object: target)
        guard dimensions[target] == nil, try !exists(target) else {
            throw .invalidArgument(file: path, object: target, reason: "already exists")
        }
        try ensureGroup(ObjectPath.parent(target))
        return (target, site(target), attributes)
    }

    /// Makes `dataset` the dimension scale named after its leaf (`H5DSset_scale`) and writes its attributes.
    private func makeScale(_ dataset: borrowing Handle, _ target: String, attributes: [(String, HDF5AttributeValue)],
                           _ site: HDF5Site) throws(HDF5Error) {
        try hdf5("H5DSset_scale", site) { H5DSset_scale(dataset.id, ObjectPath.leaf(target)) }
        for (name, value) in attributes { try AttributeIO.write(value, name: name, on: dataset, site) }
    }

    /// Creates the dimension `name` of `length` without coordinate values (a netCDF "dimension but
    /// not a variable"). Datasets create missing dimensions themselves; this fixes a length early.
    public func addDimension(_ name: String, length: Int) throws(HDF5Error) {
        try checkOpen()
        let target = try ObjectPath.normalize(name, file: path)
        guard length >= 0 else {
            throw .invalidArgument(file: path, object: target, reason: "negative dimension length \(length)")
        }
        guard dimensions[target] == nil, try !exists(target) else {
            throw .invalidArgument(file: path, object: target, reason: "already exists")
        }
        try ensureGroup(ObjectPath.parent(target))
        try makeBareDimension(target, length: length, unlimited: false)
    }

    /// A float32 dimension scale of `length` with no values written and netCDF's NAME.
    func makeBareDimension(_ target: String, length: Int, unlimited: Bool) throws(HDF5Error) {
        let site = site(target)
        let storage = unlimited ? HDF5Storage(chunks: [1024]) : .contiguous
        let dataset = try makeDataset(target, type: .float32, shape: [length], unlimitedFirst: unlimited,
                                      storage: storage, site)
        try hdf5("H5DSset_scale", site) { H5DSset_scale(dataset.id, Self.netCDFDimensionName(length: length)) }
        try dataset.close(site)
        dimensions[target] = Dimension(length: length, unlimited: unlimited, hasValues: false)
    }

    /// The absolute paths of the dimension scales for the axes of `target`, creating missing ones
    /// in its group. Checks one distinct name per axis and each existing scale's length.
    func resolveDimensions(_ dims: [String], shape: [Int], for target: String, unlimitedFirst: Bool) throws(HDF5Error) -> [String] {
        guard dims.count == shape.count else {
            throw .invalidArgument(file: path, object: target,
                                   reason: "\(dims.count) dimension names \(dims) for \(shape.count) axes (shape \(shape))")
        }
        guard Set(dims).count == dims.count else {
            throw .invalidArgument(file: path, object: target,
                                   reason: "dimension names \(dims) repeat; give each axis its own name (e.g. probe_i, probe_j)")
        }
        let group = ObjectPath.parent(target)
        var scales: [String] = []
        for (axis, (name, length)) in zip(dims, shape).enumerated() {
            guard !name.isEmpty, !name.contains("/") else {
                throw .invalidArgument(file: path, object: target, reason: "dimension name '\(name)' must be a plain name")
            }
            let growing = unlimitedFirst && axis == 0
            if let found = ObjectPath.ancestry(group).map({ ObjectPath.join($0, name) }).first(where: { dimensions[$0] != nil }),
               let dimension = dimensions[found] {
                if growing != dimension.unlimited {
                    throw .invalidArgument(file: path, object: target, reason: growing
                        ? "dimension '\(name)' has a fixed length; a growing axis needs its own dimension"
                        : "dimension '\(name)' grows; only the first axis of an appendable dataset can use it")
                }
                if !growing, dimension.length != length {
                    throw .dimensionMismatch(file: path, object: target, dimension: name,
                                             axisLength: length, dimensionLength: dimension.length)
                }
                scales.append(found)
                continue
            }
            let created = ObjectPath.join(group, name)
            guard created != target, try !exists(created) else {
                throw .invalidArgument(file: path, object: target,
                                       reason: "dimension '\(name)' would replace the object \(created); use addCoordinate for coordinates")
            }
            try ensureGroup(group)
            try makeBareDimension(created, length: growing ? 0 : length, unlimited: growing)
            scales.append(created)
        }
        return scales
    }

    /// Attaches scale `scales[i]` to axis `i` of `dataset` (`H5DSattach_scale`).
    func attach(_ scales: [String], to dataset: borrowing Handle, _ site: HDF5Site) throws(HDF5Error) {
        for (axis, scalePath) in scales.enumerated() {
            let scale = try Handle(.dataset, "H5Dopen2(\(scalePath))", site) { H5Dopen2(file.id, scalePath, repro_H5P_DEFAULT()) }
            try hdf5("H5DSattach_scale(\(scalePath))", site) { H5DSattach_scale(dataset.id, scale.id, UInt32(axis)) }
            try scale.close(site)
        }
    }
}
