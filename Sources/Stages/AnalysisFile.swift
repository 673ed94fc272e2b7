internal import HDF5Store
internal import ReproSupport

/// An analysis file (docs/outputs.md) opened read-only for one stage. Every read checks the layout
/// the contract promises and throws a `StageError` naming the stage, the file and the dataset.
final class AnalysisFile {
    let stage: String
    /// The file as written in messages: relative to the project folder when it lies inside it.
    let name: String
    private let reader: HDF5Reader

    /// Opens `path` (`HDF5Reader`); `projectRoot` only shortens the name used in messages.
    init(_ path: String, stage: String, projectRoot: String) throws(StageError) {
        self.stage = stage
        let prefix = projectRoot.hasSuffix("/") ? projectRoot : projectRoot + "/"
        name = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        do { reader = try HDF5Reader(path: path) } catch {
            throw .readFailed(stage: stage, file: name, detail: error.description)
        }
    }

    /// Dataset `dataset` as doubles (float32, float64 and integer types are converted), after checking
    /// its rank, its dimension names (when the file names them) and the lengths given (nil: any).
    /// Returns the shape and the values, row-major.
    func doubles(_ dataset: String, dims: [String], lengths: [Int?]) throws(StageError) -> (shape: [Int], values: [Double]) {
        let shape = try shape(of: dataset)
        let expected = "(" + zip(dims, lengths).map { name, length in length.map { "\(name)=\($0)" } ?? name }
            .joined(separator: ", ") + ")"
        guard shape.count == dims.count, zip(shape, lengths).allSatisfy({ $1 == nil || $0 == $1 }) else {
            throw .badShape(stage: stage, file: name, dataset: dataset, expected: expected, got: shape)
        }
        let names: [String?]
        do { names = try reader.dimensions(of: dataset) } catch { throw failure(error, dataset) }
        for (axis, stored) in names.enumerated() where axis < dims.count {
            if let stored, stored != dims[axis] {
                throw .badShape(stage: stage, file: name, dataset: dataset,
                                expected: "\(expected) but axis \(axis) is the dimension '\(stored)'", got: shape)
            }
        }
        do {
            switch try reader.elementType(of: dataset) {
            case .float32?, .float64?:
                return (shape, try reader.read(dataset, as: Double.self).values)
            case .int32?, .int64?, .uint8?:
                return (shape, try reader.read(dataset, as: Int64.self).values.map(Double.init))
            default:
                throw StageError.badShape(stage: stage, file: name, dataset: dataset,
                                          expected: "\(expected) of numbers", got: shape)
            }
        } catch let error as StageError {
            throw error
        } catch let error as HDF5Error {
            throw failure(error, dataset)
        } catch {
            throw .readFailed(stage: stage, file: name, detail: "\(dataset): \(error)")
        }
    }

    /// The shape of `dataset`; a missing dataset is `.missingDataset`.
    func shape(of dataset: String) throws(StageError) -> [Int] {
        do { return try reader.shape(of: dataset) } catch { throw failure(error, dataset) }
    }

    /// Whether the file holds a dataset `dataset`.
    func has(_ dataset: String) throws(StageError) -> Bool {
        do { return try reader.datasetNames().contains { $0 == dataset || $0 == "/" + dataset } } catch {
            throw .readFailed(stage: stage, file: name, detail: error.description)
        }
    }

    /// The root JSON attribute `attribute` (written by `HDF5Writer.setJSON`); nil when absent.
    func json(_ attribute: String) throws(StageError) -> JSONValue? {
        do { return try reader.json(attribute) } catch {
            throw .badAttribute(stage: stage, file: name, attribute: attribute, reason: error.description)
        }
    }

    /// The root JSON attribute `attribute` as an array of strings.
    func strings(_ attribute: String) throws(StageError) -> [String] {
        guard let value = try json(attribute) else {
            throw .badAttribute(stage: stage, file: name, attribute: attribute, reason: "absent (expected a JSON array of strings)")
        }
        guard let array = value.arrayValue, case let strings = array.compactMap(\.stringValue), strings.count == array.count else {
            throw .badAttribute(stage: stage, file: name, attribute: attribute,
                                reason: "expected a JSON array of strings, got \(value.typeName)")
        }
        return strings
    }

    private func failure(_ error: HDF5Error, _ dataset: String) -> StageError {
        if case .notFound = error { return .missingDataset(stage: stage, file: name, dataset: dataset) }
        return .readFailed(stage: stage, file: name, detail: error.description)
    }
}
