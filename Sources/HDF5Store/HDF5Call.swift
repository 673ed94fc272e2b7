internal import CHDF5

/// Where a call happens: the file (its final path) and the object inside it, for error messages.
struct HDF5Site: Sendable {
    let file: String
    let object: String
}

/// Runs one HDF5 C call and turns a negative result into `HDF5Error.callFailed` carrying HDF5's
/// error stack. Every C call of this module goes through here (or through `Handle`).
///
/// HDF5's automatic stderr printing is per thread in the thread-safe build, so it is switched off
/// (`H5Eset_auto2`) before each call.
@discardableResult
func hdf5<Result: SignedInteger>(_ operation: String, _ site: HDF5Site, _ body: () -> Result) throws(HDF5Error) -> Result {
    H5Eset_auto2(repro_H5E_DEFAULT(), nil, nil)
    let result = body()
    guard result >= 0 else {
        throw .callFailed(operation: operation, file: site.file, object: site.object, stack: errorStack())
    }
    return result
}

/// The calling thread's HDF5 error stack as "function: description" lines, outermost first.
func errorStack() -> [String] {
    final class Lines { var lines: [String] = [] }
    let lines = Lines()
    let walker: H5E_walk2_t = { _, entry, client in
        guard let entry, let client else { return 0 }
        let collected = Unmanaged<Lines>.fromOpaque(client).takeUnretainedValue()
        let function = entry.pointee.func_name.map { String(cString: $0) } ?? "?"
        let text = entry.pointee.desc.map { String(cString: $0) } ?? ""
        collected.lines.append("\(function): \(text)")
        return 0
    }
    withExtendedLifetime(lines) {
        _ = H5Ewalk2(repro_H5E_DEFAULT(), H5E_WALK_UPWARD, walker, Unmanaged.passUnretained(lines).toOpaque())
    }
    H5Eclear2(repro_H5E_DEFAULT())
    return lines.lines
}

/// An owned HDF5 identifier, released in `deinit` with the close function of its kind.
///
/// Holds only the raw id and its kind. `close(_:)` releases it and reports failure; `deinit`
/// releases it silently (used on error paths).
struct Handle: ~Copyable {
    enum Kind { case file, group, dataset, dataspace, datatype, propertyList, attribute, object }

    private(set) var id: hid_t
    let kind: Kind

    /// Takes ownership of the id `open` returns, throwing when it is negative.
    init(_ kind: Kind, _ operation: String, _ site: HDF5Site, _ open: () -> hid_t) throws(HDF5Error) {
        self.id = try hdf5(operation, site, open)
        self.kind = kind
    }

    deinit { if id >= 0 { _ = Handle.release(id, kind) } }

    /// Releases the id, throwing when the close call fails (`H5Fclose`, `H5Dclose`, ...).
    consuming func close(_ site: HDF5Site) throws(HDF5Error) {
        try release(site)
    }

    /// Releases the id now (for handles stored in a class, which cannot be consumed); later calls
    /// and `deinit` do nothing.
    mutating func release(_ site: HDF5Site) throws(HDF5Error) {
        guard id >= 0 else { return }
        let id = self.id
        self.id = -1
        try hdf5("close", site) { Handle.release(id, kind) }
    }

    private static func release(_ id: hid_t, _ kind: Kind) -> herr_t {
        H5Eset_auto2(repro_H5E_DEFAULT(), nil, nil)
        switch kind {
        case .file: return H5Fclose(id)
        case .group: return H5Gclose(id)
        case .dataset: return H5Dclose(id)
        case .dataspace: return H5Sclose(id)
        case .datatype: return H5Tclose(id)
        case .propertyList: return H5Pclose(id)
        case .attribute: return H5Aclose(id)
        case .object: return H5Oclose(id)
        }
    }
}
