internal import CHDF5
public import ReproSupport
internal import Foundation

/// Writes one new HDF5 file atomically: the file is built under a temporary name beside `path`
/// and renamed onto `path` only by a successful `close()`. A writer released without `close()`,
/// or whose close fails, removes its temporary file and leaves `path` untouched.
///
/// Files are deterministic (format bounds earliest..v18, object times off, strong close), carry
/// `Conventions = "CF-1.8"`, and every axis of every dataset is a named dimension (an HDF5
/// dimension scale), so h5py, `xarray.open_dataset(engine="h5netcdf" | "netcdf4")` read them with
/// their names. Object names may be paths ("run/0/ntk"); missing groups are created.
///
/// Not for concurrent use from several threads.
public final class HDF5Writer {
    /// The final path.
    public let path: String
    /// The temporary path the file is written to until `close()`.
    public let temporaryPath: String
    var file: Handle
    var isClosed = false
    /// Dimension scales by absolute path: length, and whether the length grows (appendable).
    var dimensions: [String: Dimension] = [:]
    var groups: Set<String> = ["/"]

    struct Dimension {
        var length: Int
        var unlimited: Bool
        /// A coordinate variable (its values are written by the caller), not a bare dimension.
        var hasValues: Bool
    }

    private static let counter = Counter()
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
    }

    /// Creates the temporary file (`H5Fcreate`) for `path`, and sets `Conventions = "CF-1.8"`.
    public init(path: String) throws(HDF5Error) {
        self.path = path
        self.temporaryPath = AtomicFile.temporaryPath(for: path) + "-\(Self.counter.next())"
        let site = HDF5Site(file: path, object: "/")
        let access = try Handle(.propertyList, "H5Pcreate(file access)", site) { H5Pcreate(repro_H5P_FILE_ACCESS()) }
        try hdf5("H5Pset_libver_bounds", site) { H5Pset_libver_bounds(access.id, H5F_LIBVER_EARLIEST, H5F_LIBVER_V18) }
        try hdf5("H5Pset_fclose_degree", site) { H5Pset_fclose_degree(access.id, H5F_CLOSE_STRONG) }
        let creation = try Handle(.propertyList, "H5Pcreate(file create)", site) { H5Pcreate(repro_H5P_FILE_CREATE()) }
        try hdf5("H5Pset_obj_track_times", site) { H5Pset_obj_track_times(creation.id, false) }
        let temporary = temporaryPath
        file = try Handle(.file, "H5Fcreate", site) {
            H5Fcreate(temporary, repro_H5F_ACC_TRUNC(), creation.id, access.id)
        }
        do {
            try setAttribute("Conventions", .string("CF-1.8"))
        } catch {
            try? file.release(site)
            unlink(temporaryPath)
            throw error
        }
    }

    deinit {
        if !isClosed {
            try? file.release(site("/"))
            unlink(temporaryPath)
        }
    }

    /// Closes the file (`H5Fclose`) and renames it onto `path` (fsync, rename, fsync folder).
    /// On failure the temporary file is removed and `path` keeps what it held.
    public func close() throws(HDF5Error) {
        guard !isClosed else { throw .closed(file: path) }
        isClosed = true
        do {
            try file.release(site("/"))
        } catch {
            unlink(temporaryPath)
            throw error
        }
        do {
            try AtomicFile.commit(temporary: temporaryPath, to: path)
        } catch {
            unlink(temporaryPath)
            throw .commitFailed(file: path, reason: "\(error)")
        }
    }

    /// Abandons the file: closes and removes the temporary file; `path` is untouched.
    public func discard() {
        guard !isClosed else { return }
        isClosed = true
        try? file.release(site("/"))
        unlink(temporaryPath)
    }

    func site(_ object: String) -> HDF5Site { HDF5Site(file: path, object: object) }

    func checkOpen() throws(HDF5Error) { if isClosed { throw .closed(file: path) } }

    // MARK: - Groups

    /// Creates the group at `name` and any missing parents, with object times off.
    public func createGroup(_ name: String) throws(HDF5Error) {
        try checkOpen()
        try ensureGroup(try ObjectPath.normalize(name, file: path))
    }

    func ensureGroup(_ group: String) throws(HDF5Error) {
        guard !groups.contains(group) else { return }
        try ensureGroup(ObjectPath.parent(group))
        let site = site(group)
        let exists = try hdf5("H5Lexists", site) { H5Lexists(file.id, group, repro_H5P_DEFAULT()) }
        if exists == 0 {
            let creation = try Handle(.propertyList, "H5Pcreate(group create)", site) { H5Pcreate(repro_H5P_GROUP_CREATE()) }
            try hdf5("H5Pset_obj_track_times", site) { H5Pset_obj_track_times(creation.id, false) }
            let created = try Handle(.group, "H5Gcreate2", site) {
                H5Gcreate2(file.id, group, repro_H5P_DEFAULT(), creation.id, repro_H5P_DEFAULT())
            }
            try created.close(site)
        } else {
            var info = H5O_info_t()
            try hdf5("H5Oget_info_by_name2", site) {
                H5Oget_info_by_name2(file.id, group, &info, UInt32(H5O_INFO_BASIC), repro_H5P_DEFAULT())
            }
            guard info.type == H5O_TYPE_GROUP else {
                throw .invalidArgument(file: path, object: group, reason: "exists and is not a group")
            }
        }
        groups.insert(group)
    }

    func exists(_ object: String) throws(HDF5Error) -> Bool {
        for prefix in ObjectPath.ancestry(object).reversed().dropFirst() {
            guard try hdf5("H5Lexists", site(object), { H5Lexists(file.id, prefix, repro_H5P_DEFAULT()) }) > 0 else {
                return false
            }
        }
        return try hdf5("H5Lexists", site(object)) { H5Lexists(file.id, object, repro_H5P_DEFAULT()) } > 0
    }

    // MARK: - Attributes

    /// Sets attribute `name` of the object at `object` (the root by default), replacing any old value.
    public func setAttribute(_ name: String, _ value: HDF5AttributeValue, on object: String = "/") throws(HDF5Error) {
        try checkOpen()
        let target = try ObjectPath.normalize(object, file: path)
        let site = site(target)
        guard !["CLASS", "NAME", "DIMENSION_LIST", "REFERENCE_LIST"].contains(name),
              !name.hasPrefix("_Netcdf4") else {
            throw .invalidArgument(file: path, object: target, reason: "attribute name '\(name)' is reserved for dimension scales")
        }
        let handle = try Handle(.object, "H5Oopen", site) { H5Oopen(file.id, target, repro_H5P_DEFAULT()) }
        try AttributeIO.write(value, name: name, on: handle, site)
    }

    /// The largest JSON text stored as an attribute; longer text becomes a dataset.
    public static let jsonAttributeLimit = 64 * 1024

    /// Stores `value` as canonical JSON text named `name` in `group`: an attribute of the group when
    /// at most 64 KiB, otherwise a scalar string dataset `group/name`. Read it with `HDF5Reader.json`.
    public func setJSON(_ name: String, _ value: JSONValue, in group: String = "/") throws(HDF5Error) {
        try checkOpen()
        let group = try ObjectPath.normalize(group, file: path)
        let text: String
        do { text = try value.canonicalString() } catch {
            throw .invalidArgument(file: path, object: ObjectPath.join(group, name), reason: "\(error)")
        }
        try ensureGroup(group)
        if text.utf8.count <= Self.jsonAttributeLimit {
            try setAttribute(name, .string(text), on: group)
            return
        }
        let target = ObjectPath.join(group, name)
        let site = site(target)
        let type = try AttributeIO.stringType(site)
        let space = try Handle(.dataspace, "H5Screate", site) { H5Screate(H5S_SCALAR) }
        let creation = try datasetCreation(site)
        let dataset = try Handle(.dataset, "H5Dcreate2", site) {
            H5Dcreate2(file.id, target, type.id, space.id, repro_H5P_DEFAULT(), creation.id, repro_H5P_DEFAULT())
        }
        let datasetID = dataset.id, typeID = type.id
        let status = text.withCString { chars in
            var pointer: UnsafePointer<CChar>? = chars
            return H5Dwrite(datasetID, typeID, repro_H5S_ALL(), repro_H5S_ALL(), repro_H5P_DEFAULT(), &pointer)
        }
        try hdf5("H5Dwrite", site) { status }
        try dataset.close(site)
    }

    func datasetCreation(_ site: HDF5Site) throws(HDF5Error) -> Handle {
        let creation = try Handle(.propertyList, "H5Pcreate(dataset create)", site) { H5Pcreate(repro_H5P_DATASET_CREATE()) }
        try hdf5("H5Pset_obj_track_times", site) { H5Pset_obj_track_times(creation.id, false) }
        return creation
    }
}
