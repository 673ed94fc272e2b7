internal import CHDF5

/// The element types a dataset or stream holds, as stored in the file.
public enum HDF5ElementType: String, Sendable, CaseIterable, Codable {
    /// IEEE binary32, little-endian (`numpy.float32`).
    case float32
    /// IEEE binary64, little-endian (`numpy.float64`).
    case float64
    /// Signed 32-bit integer, little-endian.
    case int32
    /// Signed 64-bit integer, little-endian.
    case int64
    /// Unsigned 8-bit integer.
    case uint8
    /// An int8 enum `FALSE = 0, TRUE = 1`, which h5py reads as `numpy.bool_`.
    case bool

    /// Values of one kind convert into each other (float32 <-> float64, int widths); kinds do not mix.
    var kind: Kind {
        switch self {
        case .float32, .float64: .floating
        case .int32, .int64, .uint8: .integer
        case .bool: .boolean
        }
    }

    enum Kind { case floating, integer, boolean }
}

/// A Swift type that can be stored in and read from a dataset: Float, Double, Int32, Int64, UInt8, Bool.
/// Every dataset, slab and stream function is generic over it (one implementation for all types).
public protocol HDF5Element: BitwiseCopyable, Sendable {
    /// How values of this type are stored.
    static var hdf5ElementType: HDF5ElementType { get }
}

extension Float: HDF5Element { public static var hdf5ElementType: HDF5ElementType { .float32 } }
extension Double: HDF5Element { public static var hdf5ElementType: HDF5ElementType { .float64 } }
extension Int32: HDF5Element { public static var hdf5ElementType: HDF5ElementType { .int32 } }
extension Int64: HDF5Element { public static var hdf5ElementType: HDF5ElementType { .int64 } }
extension UInt8: HDF5Element { public static var hdf5ElementType: HDF5ElementType { .uint8 } }
extension Bool: HDF5Element { public static var hdf5ElementType: HDF5ElementType { .bool } }

extension HDF5ElementType {
    /// A new datatype id for values in memory (native byte order), copied with `H5Tcopy`, or for
    /// `.bool` an int8 enum made with `H5Tenum_create`.
    func memoryType(_ site: HDF5Site) throws(HDF5Error) -> Handle { try datatype(file: false, site) }

    /// A new datatype id for values in the file (little-endian), copied with `H5Tcopy`.
    func fileType(_ site: HDF5Site) throws(HDF5Error) -> Handle { try datatype(file: true, site) }

    /// The predefined type for this element, in memory (native) or in the file (little-endian):
    /// a copy of it, or for `.bool` the int8 enum over it.
    private func datatype(file: Bool, _ site: HDF5Site) throws(HDF5Error) -> Handle {
        let (native, little): (hid_t, hid_t) = switch self {
        case .float32: (repro_H5T_NATIVE_FLOAT(), repro_H5T_IEEE_F32LE())
        case .float64: (repro_H5T_NATIVE_DOUBLE(), repro_H5T_IEEE_F64LE())
        case .int32: (repro_H5T_NATIVE_INT32(), repro_H5T_STD_I32LE())
        case .int64: (repro_H5T_NATIVE_INT64(), repro_H5T_STD_I64LE())
        case .uint8: (repro_H5T_NATIVE_UINT8(), repro_H5T_STD_U8LE())
        case .bool: (repro_H5T_NATIVE_INT8(), repro_H5T_STD_I8LE())
        }
        let base = file ? little : native
        if self == .bool { return try Self.booleanEnum(base: base, site) }
        return try Handle(.datatype, "H5Tcopy", site) { H5Tcopy(base) }
    }

    /// `H5Tenum_create` over `base` with members FALSE = 0 and TRUE = 1 (h5py's bool convention).
    private static func booleanEnum(base: hid_t, _ site: HDF5Site) throws(HDF5Error) -> Handle {
        let type = try Handle(.datatype, "H5Tenum_create", site) { H5Tenum_create(base) }
        var no: Int8 = 0, yes: Int8 = 1
        try hdf5("H5Tenum_insert", site) { H5Tenum_insert(type.id, "FALSE", &no) }
        try hdf5("H5Tenum_insert", site) { H5Tenum_insert(type.id, "TRUE", &yes) }
        return type
    }

    /// The element type of a stored datatype, or nil when it is none of ours (strings, compounds...).
    static func stored(_ type: hid_t) -> HDF5ElementType? {
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_FLOAT:
            return size == 4 ? .float32 : size == 8 ? .float64 : nil
        case H5T_INTEGER:
            let signed = H5Tget_sign(type) == H5T_SGN_2
            switch (size, signed) {
            case (4, true): return .int32
            case (8, true): return .int64
            case (1, false): return .uint8
            default: return nil
            }
        case H5T_ENUM:
            return size == 1 && H5Tget_nmembers(type) == 2 ? .bool : nil
        default:
            return nil
        }
    }

    /// A short readable name of any stored datatype ("float32", "string", "enum", "compound").
    static func describe(_ type: hid_t) -> String {
        if let known = stored(type) { return known.rawValue }
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_INTEGER: return (H5Tget_sign(type) == H5T_SGN_2 ? "int" : "uint") + "\(size * 8)"
        case H5T_FLOAT: return "float\(size * 8)"
        case H5T_STRING: return H5Tis_variable_str(type) > 0 ? "string" : "string[\(size)]"
        case H5T_ENUM: return "enum"
        case H5T_COMPOUND: return "compound"
        case H5T_REFERENCE: return "reference"
        case H5T_VLEN: return "vlen"
        case H5T_ARRAY: return "array"
        case H5T_OPAQUE: return "opaque"
        case H5T_BITFIELD: return "bitfield"
        default: return "unknown"
        }
    }
}
