internal import CHDF5
public import Tensors
public import ReproSupport
internal import Foundation

/// Reads an HDF5 file (any file, not only ours) read-only. Object names are paths ("ntk",
/// "run/0/ntk"); values come back row-major. Closed by `close()` or when released.
public final class HDF5Reader {
    /// The file's path.
    public let path: String
    var file: Handle

    /// Opens `path` read-only (`H5Fopen`) with a strong close degree; throws `.notHDF5` for a
    /// missing or non-HDF5 file.
    public init(path: String) throws(HDF5Error) {
        self.path = path
        let site = HDF5Site(file: path, object: "/")
        H5Eset_auto2(repro_H5E_DEFAULT(), nil, nil)
        guard access(path, R_OK) == 0, H5Fis_hdf5(path) > 0 else {
            H5Eclear2(repro_H5E_DEFAULT())
            throw .notHDF5(file: path)
        }
        let access = try Handle(.propertyList, "H5Pcreate(file access)", site) { H5Pcreate(repro_H5P_FILE_ACCESS()) }
        try hdf5("H5Pset_fclose_degree", site) { H5Pset_fclose_degree(access.id, H5F_CLOSE_STRONG) }
        file = try Handle(.file, "H5Fopen", site) { H5Fopen(path, repro_H5F_ACC_RDONLY(), access.id) }
    }

    /// Closes the file (`H5Fclose`); later calls throw `.closed`.
    public func close() throws(HDF5Error) {
        guard file.id >= 0 else { throw .closed(file: path) }
        try file.release(site("/"))
    }

    func site(_ object: String) -> HDF5Site { HDF5Site(file: path, object: object) }

    /// The absolute path of `name`, checking the reader is open.
    func resolve(_ name: String) throws(HDF5Error) -> String {
        guard file.id >= 0 else { throw .closed(file: path) }
        return try ObjectPath.normalize(name, file: path)
    }

    /// Opens the dataset at absolute path `target` (`H5Dopen2`), throwing `.notFound` when there is none.
    func openDataset(_ target: String) throws(HDF5Error) -> Handle {
        guard try objectKind(target) == H5O_TYPE_DATASET else { throw .notFound(file: path, object: target) }
        return try Handle(.dataset, "H5Dopen2", site(target)) { H5Dopen2(file.id, target, repro_H5P_DEFAULT()) }
    }

    /// The HDF5 object type at `target`, or nil when no link of that name exists.
    func objectKind(_ target: String) throws(HDF5Error) -> H5O_type_t? {
        guard target != "/" else { return H5O_TYPE_GROUP }
        for prefix in ObjectPath.ancestry(target).reversed().dropFirst() {
            guard try hdf5("H5Lexists", site(target), { H5Lexists(file.id, prefix, repro_H5P_DEFAULT()) }) > 0 else {
                return nil
            }
        }
        var info = H5O_info_t()
        try hdf5("H5Oget_info_by_name2", site(target)) {
            H5Oget_info_by_name2(file.id, target, &info, UInt32(H5O_INFO_BASIC), repro_H5P_DEFAULT())
        }
        return info.type
    }

    // MARK: - Values

    /// All values of dataset `name` as `E` (float32 and float64 convert into each other, integer
    /// widths likewise; bool only as Bool), with the dataset's shape.
    public func read<E: HDF5Element>(_ name: String, as type: E.Type = E.self) throws(HDF5Error) -> (shape: [Int], values: [E]) {
        let target = try resolve(name)
        let dataset = try openDataset(target)
        return try DatasetIO.read(dataset, as: type, site(target))
    }

    /// Dataset `name` as a tensor of its shape.
    public func readTensor<S: TensorScalar & HDF5Element>(_ name: String, as type: S.Type = S.self) throws(HDF5Error) -> Tensor<S> {
        let (shape, values) = try read(name, as: type)
        do { return try Tensor(shape: shape, scalars: values) } catch {
            throw .countMismatch(file: path, object: name, shape: shape, count: values.count)
        }
    }

    /// The values in `start ..< start + count` of dataset `name`, row-major (`H5Sselect_hyperslab`).
    public func readSlab<E: HDF5Element>(_ name: String, start: [Int], count: [Int], as type: E.Type = E.self) throws(HDF5Error) -> [E] {
        let target = try resolve(name)
        let dataset = try openDataset(target)
        return try DatasetIO.read(dataset, start: start, count: count, as: type, site(target)).values
    }

    /// Reads `start ..< start + count` of dataset `name` into `values` (row-major), replacing its
    /// contents and reusing its storage when it already holds enough values: for streaming reads
    /// without a new allocation per slab.
    public func readSlab<E: HDF5Element>(_ name: String, start: [Int], count: [Int], into values: inout [E]) throws(HDF5Error) {
        let target = try resolve(name)
        let dataset = try openDataset(target)
        try DatasetIO.read(dataset, start: start, count: count, into: &values, site(target))
    }

    /// The current shape of dataset `name`.
    public func shape(of name: String) throws(HDF5Error) -> [Int] {
        let target = try resolve(name)
        let dataset = try openDataset(target)
        return try DatasetIO.shape(of: dataset, site(target))
    }

    /// The stored element type of dataset `name`, or nil when it is none of `HDF5ElementType`.
    public func elementType(of name: String) throws(HDF5Error) -> HDF5ElementType? {
        let target = try resolve(name)
        let dataset = try openDataset(target)
        let type = try Handle(.datatype, "H5Dget_type", site(target)) { H5Dget_type(dataset.id) }
        return HDF5ElementType.stored(type.id)
    }

    // MARK: - Attributes

    /// Attribute `name` of the object at `object` (the root by default), nil when absent.
    public func attribute(_ name: String, of object: String = "/") throws(HDF5Error) -> HDF5AttributeValue? {
        let target = try resolve(object)
        let handle = try openObject(target)
        return try AttributeIO.read(name, of: handle, site(target))
    }

    /// The attribute names of `object`, sorted by name.
    public func attributeNames(of object: String = "/") throws(HDF5Error) -> [String] {
        let target = try resolve(object)
        let handle = try openObject(target)
        return try AttributeIO.names(of: handle, site(target))
    }

    /// The JSON stored by `HDF5Writer.setJSON(name, _, in: group)`: the attribute, or the string
    /// dataset used for text over 64 KiB; nil when neither exists.
    public func json(_ name: String, in group: String = "/") throws(HDF5Error) -> JSONValue? {
        let groupPath = try ObjectPath.normalize(group, file: path)
        var text = try attribute(name, of: groupPath)?.stringValue
        let datasetPath = ObjectPath.join(groupPath, name)
        if text == nil, try objectKind(datasetPath) == H5O_TYPE_DATASET {
            let dataset = try openDataset(datasetPath)
            text = try readStringDataset(dataset, site(datasetPath))
        }
        guard let text else { return nil }
        do { return try JSONValue.parse(text, source: "\(path):\(ObjectPath.join(groupPath, name))") } catch {
            throw .invalidArgument(file: path, object: datasetPath, reason: "\(error)")
        }
    }

    func readStringDataset(_ dataset: borrowing Handle, _ site: HDF5Site) throws(HDF5Error) -> String {
        let type = try AttributeIO.stringType(site)
        var pointer: UnsafeMutablePointer<CChar>?
        try hdf5("H5Dread", site) {
            H5Dread(dataset.id, type.id, repro_H5S_ALL(), repro_H5S_ALL(), repro_H5P_DEFAULT(), &pointer)
        }
        defer { if let pointer { H5free_memory(pointer) } }
        return pointer.map { String(cString: $0) } ?? ""
    }

    /// Opens the group or dataset at absolute path `target` (`H5Oopen`).
    func openObject(_ target: String) throws(HDF5Error) -> Handle {
        guard try objectKind(target) != nil else { throw .notFound(file: path, object: target) }
        return try Handle(.object, "H5Oopen", site(target)) { H5Oopen(file.id, target, repro_H5P_DEFAULT()) }
    }
}
