internal import CHDF5

/// The value of an attribute. Strings are stored as variable-length UTF-8 scalars (h5py returns
/// `str`); numbers as little-endian int64 / float64 scalars or 1-D arrays.
public enum HDF5AttributeValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case int(Int64)
    case double(Double)
    case ints([Int64])
    case doubles([Double])
    /// Read only: an attribute of a type this module does not write (references, compounds...),
    /// with the type's name.
    case unsupported(type: String)

    public var stringValue: String? { if case .string(let text) = self { text } else { nil } }

    public var description: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .int(let value): "\(value)"
        case .double(let value): "\(value)"
        case .ints(let values): "\(values)"
        case .doubles(let values): "\(values)"
        case .unsupported(let type): "<\(type)>"
        }
    }
}

/// Attribute writing and reading on an open object (`H5Acreate2`, `H5Awrite`, `H5Aread`).
enum AttributeIO {
    /// A variable-length UTF-8 string datatype (`H5Tset_size(H5T_VARIABLE)`, `H5Tset_cset(UTF8)`).
    static func stringType(_ site: HDF5Site) throws(HDF5Error) -> Handle {
        let type = try Handle(.datatype, "H5Tcopy", site) { H5Tcopy(repro_H5T_C_S1()) }
        try hdf5("H5Tset_size", site) { H5Tset_size(type.id, repro_H5T_VARIABLE()) }
        try hdf5("H5Tset_cset", site) { H5Tset_cset(type.id, H5T_CSET_UTF8) }
        return type
    }

    /// Writes `value` as attribute `name` of `object`, replacing an existing one.
    static func write(_ value: HDF5AttributeValue, name: String, on object: borrowing Handle, _ site: HDF5Site) throws(HDF5Error) {
        if try hdf5("H5Aexists", site, { H5Aexists(object.id, name) }) > 0 {
            try hdf5("H5Adelete", site) { H5Adelete(object.id, name) }
        }
        switch value {
        case .string(let text):
            let type = try stringType(site)
            try create(name, on: object, type: type, memoryType: type, count: nil, site) { pointer in
                text.withCString { chars in
                    var pointerToChars: UnsafePointer<CChar>? = chars
                    return withUnsafePointer(to: &pointerToChars) { pointer(UnsafeRawPointer($0)) }
                }
            }
        case .int(let number):
            try numbers([number], scalar: true, name: name, on: object, site)
        case .ints(let numbers):
            try self.numbers(numbers, scalar: false, name: name, on: object, site)
        case .double(let number):
            try numbers([number], scalar: true, name: name, on: object, site)
        case .doubles(let numbers):
            try self.numbers(numbers, scalar: false, name: name, on: object, site)
        case .unsupported(let type):
            throw .invalidArgument(file: site.file, object: site.object, reason: "cannot write an attribute of type \(type)")
        }
    }

    private static func numbers<E: HDF5Element>(_ values: [E], scalar: Bool, name: String,
                                                on object: borrowing Handle, _ site: HDF5Site) throws(HDF5Error) {
        let fileType = try E.hdf5ElementType.fileType(site)
        let memoryType = try E.hdf5ElementType.memoryType(site)
        try create(name, on: object, type: fileType, memoryType: memoryType, count: scalar ? nil : values.count, site) { write in
            values.withUnsafeBytes { write($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!) }
        }
    }

    /// Creates the attribute (scalar when `count` is nil) and hands `body` a function that writes
    /// from a pointer.
    private static func create(_ name: String, on object: borrowing Handle, type: borrowing Handle,
                               memoryType: borrowing Handle, count: Int?, _ site: HDF5Site,
                               _ body: ((UnsafeRawPointer) -> herr_t) -> herr_t) throws(HDF5Error) {
        let space = try dataspace(count: count, site)
        let attribute = try Handle(.attribute, "H5Acreate2(\(name))", site) {
            H5Acreate2(object.id, name, type.id, space.id, repro_H5P_DEFAULT(), repro_H5P_DEFAULT())
        }
        if count == 0 { return }
        let attributeID = attribute.id, memoryID = memoryType.id
        let status = body { H5Awrite(attributeID, memoryID, $0) }
        try hdf5("H5Awrite(\(name))", site) { status }
        try attribute.close(site)
    }

    /// A scalar dataspace (`H5Screate`) when `count` is nil, else 1-D of `count` (`H5Screate_simple`).
    static func dataspace(count: Int?, _ site: HDF5Site) throws(HDF5Error) -> Handle {
        guard let count else { return try Handle(.dataspace, "H5Screate", site) { H5Screate(H5S_SCALAR) } }
        var extent = [hsize_t(count)]
        return try Handle(.dataspace, "H5Screate_simple", site) { H5Screate_simple(1, &extent, nil) }
    }

    /// The names of the attributes of `object`, in name order (`H5Aget_name_by_idx`).
    static func names(of object: borrowing Handle, _ site: HDF5Site) throws(HDF5Error) -> [String] {
        var info = H5O_info_t()
        try hdf5("H5Oget_info2", site) { H5Oget_info2(object.id, &info, UInt32(H5O_INFO_NUM_ATTRS)) }
        var names: [String] = []
        for index in 0..<info.num_attrs {
            let length = try hdf5("H5Aget_name_by_idx", site) {
                H5Aget_name_by_idx(object.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, repro_H5P_DEFAULT())
            }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            try hdf5("H5Aget_name_by_idx", site) {
                H5Aget_name_by_idx(object.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, repro_H5P_DEFAULT())
            }
            names.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// Reads attribute `name` of `object`; nil when it does not exist.
    static func read(_ name: String, of object: borrowing Handle, _ site: HDF5Site) throws(HDF5Error) -> HDF5AttributeValue? {
        guard try hdf5("H5Aexists", site, { H5Aexists(object.id, name) }) > 0 else { return nil }
        let attribute = try Handle(.attribute, "H5Aopen(\(name))", site) { H5Aopen(object.id, name, repro_H5P_DEFAULT()) }
        let type = try Handle(.datatype, "H5Aget_type", site) { H5Aget_type(attribute.id) }
        let space = try Handle(.dataspace, "H5Aget_space", site) { H5Aget_space(attribute.id) }
        let count = Int(try hdf5("H5Sget_simple_extent_npoints", site) { H5Sget_simple_extent_npoints(space.id) })
        let isScalar = try hdf5("H5Sget_simple_extent_type", site) { Int32(H5Sget_simple_extent_type(space.id).rawValue) }
            == Int32(H5S_SCALAR.rawValue)
        switch H5Tget_class(type.id) {
        case H5T_STRING where count == 1:
            return .string(try readString(attribute, type: type, site))
        case H5T_INTEGER:
            var values = [Int64](repeating: 0, count: count)
            let memory = try HDF5ElementType.int64.memoryType(site)
            if count > 0 { try hdf5("H5Aread(\(name))", site) { H5Aread(attribute.id, memory.id, &values) } }
            return isScalar ? .int(values[0]) : .ints(values)
        case H5T_FLOAT:
            var values = [Double](repeating: 0, count: count)
            let memory = try HDF5ElementType.float64.memoryType(site)
            if count > 0 { try hdf5("H5Aread(\(name))", site) { H5Aread(attribute.id, memory.id, &values) } }
            return isScalar ? .double(values[0]) : .doubles(values)
        default:
            return .unsupported(type: HDF5ElementType.describe(type.id))
        }
    }

    /// One string of a scalar string attribute, variable or fixed length.
    private static func readString(_ attribute: borrowing Handle, type: borrowing Handle, _ site: HDF5Site) throws(HDF5Error) -> String {
        if H5Tis_variable_str(type.id) > 0 {
            let memory = try stringType(site)
            var pointer: UnsafeMutablePointer<CChar>?
            try hdf5("H5Aread", site) { H5Aread(attribute.id, memory.id, &pointer) }
            defer { if let pointer { H5free_memory(pointer) } }
            return pointer.map { String(cString: $0) } ?? ""
        }
        let size = H5Tget_size(type.id)
        var bytes = [UInt8](repeating: 0, count: size + 1)
        try hdf5("H5Aread", site) { H5Aread(attribute.id, type.id, &bytes) }
        return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}
