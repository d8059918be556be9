import Foundation
import KeepaliveTestSupport

/// Reads what `with-journald.sh` wrote: `journalctl -o json` output, one JSON object per line. Fields journald
/// exports as strings are kept; binary or multi-valued ones (arrays) are left out.
enum JournalExport {
    static func entries(in path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw TestFailure("not a JSON object: \(line)")
            }
            return object.compactMapValues { $0 as? String }
        }
    }
}
