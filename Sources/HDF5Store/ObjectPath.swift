/// Absolute object paths inside a file ("/", "/ntk", "/run/0/ntk").
enum ObjectPath {
    /// `name` as an absolute path: leading and trailing slashes ignored, no empty, "." or ".."
    /// components.
    static func normalize(_ name: String, file: String) throws(HDF5Error) -> String {
        let parts = name.split(separator: "/")
        guard !name.isEmpty else {
            throw .invalidArgument(file: file, object: name, reason: "an object name cannot be empty")
        }
        for part in parts where part == "." || part == ".." {
            throw .invalidArgument(file: file, object: name, reason: "object names cannot contain '.' or '..'")
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The group holding `path` ("/" for a top-level object).
    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    static func leaf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `group/name`.
    static func join(_ group: String, _ name: String) -> String {
        group == "/" ? "/" + name : group + "/" + name
    }

    /// The groups from `path` up to the root, innermost first ("/a/b" -> ["/a/b", "/a", "/"]).
    static func ancestry(_ path: String) -> [String] {
        var result = [path]
        var current = path
        while current != "/" {
            current = parent(current)
            result.append(current)
        }
        return result
    }
}
