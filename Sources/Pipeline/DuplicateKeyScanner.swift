internal import Foundation

/// Finds stage names given twice in pipeline.json: JSON decoders keep only the last of duplicate keys,
/// so the raw text is scanned. Assumes the text already parsed as JSON.
enum DuplicateKeyScanner {
    /// The first key that appears twice directly inside the top-level `"stages"` object, if any.
    static func firstDuplicateStage(in data: Data) -> String? {
        let bytes = [UInt8](data)
        var depth = 0
        var stagesDepth: Int?       // depth of the "stages" object once entered
        var pendingStages = false   // the last key at depth 1 was "stages"
        var seen: Set<String> = []
        var lastString: String?
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            switch c {
            case UInt8(ascii: "\""):
                var j = i + 1
                var raw: [UInt8] = []
                while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
                    if bytes[j] == UInt8(ascii: "\\") { raw.append(bytes[j]); j += 1 }
                    if j < bytes.count { raw.append(bytes[j]) }
                    j += 1
                }
                lastString = String(decoding: raw, as: UTF8.self)
                i = j
            case UInt8(ascii: ":"):
                if let key = lastString {
                    if depth == 1 { pendingStages = key == "stages" }
                    if let d = stagesDepth, depth == d, !seen.insert(key).inserted { return key }
                }
                lastString = nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                if pendingStages, depth == 2, c == UInt8(ascii: "{"), stagesDepth == nil { stagesDepth = 2 }
                pendingStages = false
                lastString = nil
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if let d = stagesDepth, depth == d { stagesDepth = -1 }
                depth -= 1
                lastString = nil
            case UInt8(ascii: ","):
                if depth == 1 { pendingStages = false }
                lastString = nil
            default:
                break
            }
            i += 1
        }
        return nil
    }
}
