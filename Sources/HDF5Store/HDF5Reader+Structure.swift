internal import CHDF5

/// One object of a file's tree, as `repro inspect` shows it.
public struct HDF5ObjectInfo: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case group
        /// A dataset that is not a dimension scale.
        case dataset
        /// A dimension scale with coordinate values.
        case coordinate
        /// A dimension scale without values (netCDF's "dimension but not a variable").
        case dimension
    }

    /// Absolute path ("/", "/run/0/ntk").
    public var path: String
    public var kind: Kind
    /// Datasets: current extents; `[]` for a scalar or a group.
    public var shape: [Int] = []
    /// Datasets: maximum extents, -1 for unlimited.
    public var maxShape: [Int] = []
    /// Datasets: the stored type ("float32", "bool", "string").
    public var type: String = ""
    /// Datasets: the dimension name of each axis (nil where no scale is attached).
    public var dims: [String?] = []
    /// Datasets: chunk extents, nil when not chunked.
    public var chunks: [Int]?
    /// Datasets: filters in pipeline order ("shuffle", "deflate(4)").
    public var filters: [String] = []
    /// Attributes in name order, without the dimension-scale bookkeeping ones.
    public var attributes: [Attribute] = []

    public struct Attribute: Sendable, Equatable {
        public var name: String
        public var value: HDF5AttributeValue
    }
}

extension HDF5Reader {
    /// The attributes HDF5 and netCDF use to wire up dimension scales, hidden from `objects()`.
    static let bookkeepingAttributes: Set<String> = ["CLASS", "NAME", "DIMENSION_LIST", "REFERENCE_LIST",
                                                     "_Netcdf4Dimid", "_Netcdf4Coordinates", "_nc3_strict"]

    /// Every group and dataset of the file, depth first, names in order (`H5Lget_name_by_idx`).
    public func objects() throws(HDF5Error) -> [HDF5ObjectInfo] {
        guard file.id >= 0 else { throw .closed(file: path) }
        var result: [HDF5ObjectInfo] = []
        try visit("/", into: &result)
        return result
    }

    /// The absolute paths of all datasets (including coordinates and dimensions), sorted.
    public func datasetNames() throws(HDF5Error) -> [String] {
        try objects().filter { $0.kind != .group }.map(\.path).sorted()
    }

    /// The dimension name of each axis of dataset `name` (nil where none is attached).
    public func dimensions(of name: String) throws(HDF5Error) -> [String?] {
        let target = try resolve(name)
        let dataset = try openDataset(target)
        let rank = try DatasetIO.shape(of: dataset, site(target)).count
        return try dimensionNames(dataset, rank: rank, site(target))
    }

    private func visit(_ group: String, into result: inout [HDF5ObjectInfo]) throws(HDF5Error) {
        let site = site(group)
        let handle = try Handle(.group, "H5Gopen2", site) { H5Gopen2(file.id, group, repro_H5P_DEFAULT()) }
        result.append(HDF5ObjectInfo(path: group, kind: .group, attributes: try attributes(of: handle, site)))
        var info = H5G_info_t()
        try hdf5("H5Gget_info", site) { H5Gget_info(handle.id, &info) }
        for index in 0..<info.nlinks {
            let length = try hdf5("H5Lget_name_by_idx", site) {
                H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, repro_H5P_DEFAULT())
            }
            var buffer = [CChar](repeating: 0, count: length + 1)
            try hdf5("H5Lget_name_by_idx", site) {
                H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, repro_H5P_DEFAULT())
            }
            let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let child = ObjectPath.join(group, name)
            switch try objectKind(child) {
            case H5O_TYPE_GROUP: try visit(child, into: &result)
            case H5O_TYPE_DATASET: result.append(try describeDataset(child))
            default: break
            }
        }
    }

    private func attributes(of object: borrowing Handle, _ site: HDF5Site) throws(HDF5Error) -> [HDF5ObjectInfo.Attribute] {
        var result: [HDF5ObjectInfo.Attribute] = []
        for name in try AttributeIO.names(of: object, site) where !Self.bookkeepingAttributes.contains(name) {
            if let value = try AttributeIO.read(name, of: object, site) {
                result.append(.init(name: name, value: value))
            }
        }
        return result
    }

    private func describeDataset(_ target: String) throws(HDF5Error) -> HDF5ObjectInfo {
        let site = site(target)
        let dataset = try Handle(.dataset, "H5Dopen2", site) { H5Dopen2(file.id, target, repro_H5P_DEFAULT()) }
        let space = try Handle(.dataspace, "H5Dget_space", site) { H5Dget_space(dataset.id) }
        let (shape, maxShape) = try DatasetIO.extents(of: space, site)
        let type = try Handle(.datatype, "H5Dget_type", site) { H5Dget_type(dataset.id) }
        var info = HDF5ObjectInfo(path: target, kind: .dataset, shape: shape, maxShape: maxShape,
                                  type: HDF5ElementType.describe(type.id))
        if try hdf5("H5DSis_scale", site, { H5DSis_scale(dataset.id) }) > 0 {
            let name = try AttributeIO.read("NAME", of: dataset, site)?.stringValue ?? ""
            info.kind = name.hasPrefix("This is a netCDF dimension but not a netCDF variable") ? .dimension : .coordinate
            info.dims = [ObjectPath.leaf(target)]
        } else {
            info.dims = try dimensionNames(dataset, rank: shape.count, site)
        }
        let creation = try Handle(.propertyList, "H5Dget_create_plist", site) { H5Dget_create_plist(dataset.id) }
        if H5Pget_layout(creation.id) == H5D_CHUNKED {
            var chunks = [hsize_t](repeating: 0, count: shape.count)
            try hdf5("H5Pget_chunk", site) { H5Pget_chunk(creation.id, Int32(chunks.count), &chunks) }
            info.chunks = chunks.map { Int($0) }
        }
        let filterCount = try hdf5("H5Pget_nfilters", site) { H5Pget_nfilters(creation.id) }
        for index in 0..<UInt32(filterCount) {
            var flags: UInt32 = 0, config: UInt32 = 0
            var valueCount = 8
            var values = [UInt32](repeating: 0, count: 8)
            var name = [CChar](repeating: 0, count: 64)
            let filter = try hdf5("H5Pget_filter2", site) {
                H5Pget_filter2(creation.id, index, &flags, &valueCount, &values, name.count, &name, &config)
            }
            switch filter {
            case H5Z_FILTER_DEFLATE: info.filters.append("deflate(\(values[0]))")
            case H5Z_FILTER_SHUFFLE: info.filters.append("shuffle")
            default: info.filters.append(String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
        }
        info.attributes = try attributes(of: dataset, site)
        return info
    }

    /// The leaf name of the first scale attached to each axis (`H5DSiterate_scales`, `H5Iget_name`).
    func dimensionNames(_ dataset: borrowing Handle, rank: Int, _ site: HDF5Site) throws(HDF5Error) -> [String?] {
        final class Found { var name: String? }
        var names: [String?] = []
        for axis in 0..<rank {
            let count = H5DSget_num_scales(dataset.id, UInt32(axis))
            guard count > 0 else { names.append(nil); continue }
            let found = Found()
            var index: Int32 = 0
            let visitor: H5DS_iterate_t = { _, _, scale, client in
                guard let client else { return 1 }
                let length = H5Iget_name(scale, nil, 0)
                guard length > 0 else { return 1 }
                var buffer = [CChar](repeating: 0, count: length + 1)
                H5Iget_name(scale, &buffer, buffer.count)
                let path = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                Unmanaged<Found>.fromOpaque(client).takeUnretainedValue().name = ObjectPath.leaf(path)
                return 1
            }
            _ = try withExtendedLifetime(found) { () throws(HDF5Error) in
                try hdf5("H5DSiterate_scales", site) {
                    H5DSiterate_scales(dataset.id, UInt32(axis), &index, visitor, Unmanaged.passUnretained(found).toOpaque())
                }
            }
            names.append(found.name)
        }
        return names
    }
}
