/// The CF attributes of a variable: `long_name`, `units` and `description`.
///
/// `units` must not contain "since" (xarray would decode the values as dates).
public struct VariableMetadata: Sendable, Equatable {
    public var longName: String?
    public var units: String?
    public var description: String?

    public init(longName: String? = nil, units: String? = nil, description: String? = nil) {
        self.longName = longName
        self.units = units
        self.description = description
    }

    /// The attributes to write, in a fixed order. Bool datasets also get `dtype = "bool"`, xarray's
    /// marker that makes the netCDF4 engine (which sees the int8 enum) decode them as bool.
    func attributes(file: String, object: String, elementType: HDF5ElementType? = nil) throws(HDF5Error) -> [(String, HDF5AttributeValue)] {
        if let units, units.lowercased().contains("since") {
            throw .invalidArgument(file: file, object: object,
                                   reason: "units '\(units)' contain 'since', which readers decode as dates")
        }
        var result: [(String, HDF5AttributeValue)] = []
        if let longName { result.append(("long_name", .string(longName))) }
        if let units { result.append(("units", .string(units))) }
        if let description { result.append(("description", .string(description))) }
        if elementType == .bool { result.append(("dtype", .string("bool"))) }
        return result
    }
}

/// How a dataset is laid out: contiguous, or chunked with optional shuffle + deflate.
public struct HDF5Storage: Sendable, Equatable {
    /// The chunk extent of each axis; nil for contiguous storage (or automatic chunks when compressed).
    public var chunks: [Int]?
    /// The deflate (gzip) level 1...9, with the shuffle filter before it; nil for none.
    public var compression: Int?

    public init(chunks: [Int]? = nil, compression: Int? = nil) {
        self.chunks = chunks
        self.compression = compression
    }

    public static let contiguous = HDF5Storage()

    /// Chunks of about `targetBytes` for `shape`: zero extents count as 1, then the leading axes are
    /// halved first so that the trailing axes stay whole.
    static func automaticChunks(shape: [Int], elementSize: Int, targetBytes: Int = 1 << 20) -> [Int] {
        var chunks = shape.map { max($0, 1) }
        while chunks.reduce(elementSize, *) > targetBytes,
              let axis = chunks.firstIndex(where: { $0 > 1 }) {
            chunks[axis] = (chunks[axis] + 1) / 2
        }
        return chunks
    }
}
