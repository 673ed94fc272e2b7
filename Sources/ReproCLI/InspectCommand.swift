internal import Foundation
internal import HDF5Store
internal import ReproSupport

/// `repro inspect FILE.h5`: the tree of groups, datasets and attributes of an HDF5 file.
struct InspectCommand: Command {
    let name = "inspect"
    let summary = "show the groups, datasets, dimensions and attributes of an HDF5 file"
    let usage = """
        usage: repro inspect FILE.h5 [--json]

        Prints the tree of FILE.h5: each group, and each dataset with its type, named dimensions and
        extents, chunking and filters; attributes beneath with '@'. Coordinates and bare dimensions
        (netCDF dimension scales) are marked. --json prints the same as one JSON document.
        """

    /// Attribute text longer than this is shortened in the tree view (not in --json).
    static let attributeWidth = 100

    func run(_ arguments: [String]) throws -> Int32 {
        let parsed = try Arguments(arguments, command: name, flags: ["--json"])
        if parsed.has("--help") { print(usage); return ExitStatus.success }
        guard let path = parsed.positionals.first else { throw UsageError.missingArgument(command: name, what: "FILE.h5") }
        if parsed.positionals.count > 1 { throw UsageError.unexpectedArgument(command: name, argument: parsed.positionals[1]) }
        let reader: HDF5Reader
        do { reader = try HDF5Reader(path: path) } catch {
            guard case .notHDF5 = error else { throw error }
            let reason = FileManager.default.fileExists(atPath: path) ? "not a readable HDF5 file" : "no such file"
            throw UsageError.badFile(command: name, path: path, reason: reason)
        }
        let objects = try reader.objects()
        try reader.close()
        if parsed.has("--json") {
            print(try Self.json(path: path, objects).canonicalString())
        } else {
            print(Self.tree(path: path, objects), terminator: "")
        }
        return ExitStatus.success
    }

    /// The indented tree view, one line per object and per attribute.
    static func tree(path: String, _ objects: [HDF5ObjectInfo]) -> String {
        var text = "\(path)\n"
        for object in objects {
            let depth = object.path == "/" ? 0 : object.path.split(separator: "/").count
            let indent = String(repeating: "  ", count: depth)
            let leaf = object.path == "/" ? "/" : String(object.path.split(separator: "/").last ?? "")
            if object.kind == .group {
                text += "\(indent)\(leaf == "/" ? "/" : leaf + "/")\n"
            } else {
                text += "\(indent)\(leaf)  \(describe(object))\n"
            }
            for attribute in object.attributes {
                text += "\(indent)  @\(attribute.name) = \(shorten(attribute.value.description))\n"
            }
        }
        return text
    }

    /// "float32 (epoch=3, task=2)  chunks 1x2, shuffle, deflate(4)  [coordinate]".
    static func describe(_ object: HDF5ObjectInfo) -> String {
        let axes = object.shape.indices.map { axis -> String in
            let name = axis < object.dims.count ? object.dims[axis] ?? "?" : "?"
            let unlimited = axis < object.maxShape.count && object.maxShape[axis] < 0
            return "\(name)=\(object.shape[axis])\(unlimited ? " (growing)" : "")"
        }
        var parts = ["\(object.type) (\(axes.joined(separator: ", ")))"]
        var storage: [String] = []
        if let chunks = object.chunks { storage.append("chunks " + chunks.map(String.init).joined(separator: "x")) }
        storage += object.filters
        if !storage.isEmpty { parts.append(storage.joined(separator: ", ")) }
        switch object.kind {
        case .coordinate: parts.append("[coordinate]")
        case .dimension: parts.append("[dimension without values]")
        case .group, .dataset: break
        }
        return parts.joined(separator: "  ")
    }

    static func shorten(_ text: String) -> String {
        let single = text.replacingOccurrences(of: "\n", with: "\\n")
        guard single.count > attributeWidth else { return single }
        return single.prefix(attributeWidth) + "... (\(single.count) characters)"
    }

    /// `{"file": PATH, "objects": [{"path", "kind", "type", "shape", "max_shape", "dims", "chunks",
    /// "filters", "attributes"}]}`; non-finite numbers as the strings "NaN", "Infinity", "-Infinity".
    static func json(path: String, _ objects: [HDF5ObjectInfo]) -> JSONValue {
        .object([
            "file": .string(path),
            "objects": .array(objects.map { object in
                var fields: [String: JSONValue] = [
                    "path": .string(object.path),
                    "kind": .string(object.kind.rawValue),
                    "attributes": .object(Dictionary(object.attributes.map { ($0.name, json($0.value)) },
                                                     uniquingKeysWith: { first, _ in first })),
                ]
                if object.kind != .group {
                    fields["type"] = .string(object.type)
                    fields["shape"] = .array(object.shape.map { .int(Int64($0)) })
                    fields["max_shape"] = .array(object.maxShape.map { $0 < 0 ? .null : .int(Int64($0)) })
                    fields["dims"] = .array(object.dims.map { $0.map(JSONValue.string) ?? .null })
                    fields["chunks"] = object.chunks.map { .array($0.map { .int(Int64($0)) }) } ?? .null
                    fields["filters"] = .array(object.filters.map(JSONValue.string))
                }
                return .object(fields)
            }),
        ])
    }

    static func json(_ value: HDF5AttributeValue) -> JSONValue {
        func number(_ value: Double) -> JSONValue {
            value.isNaN ? "NaN" : value.isInfinite ? .string(value > 0 ? "Infinity" : "-Infinity") : .double(value)
        }
        switch value {
        case .string(let text): return .string(text)
        case .int(let value): return .int(value)
        case .double(let value): return number(value)
        case .ints(let values): return .array(values.map(JSONValue.int))
        case .doubles(let values): return .array(values.map(number))
        case .unsupported(let type): return .object(["unsupported_type": .string(type)])
        }
    }
}
