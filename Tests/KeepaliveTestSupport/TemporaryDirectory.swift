import Foundation
import Glibc

/// A fresh directory under /tmp, removed with everything in it by `remove()` (call it in `defer`).
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(prefix: String = "keepalive-tests") throws {
        var template = Array("/tmp/\(prefix).XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        self.path = String(cString: created)
    }

    public func file(_ name: String) -> String {
        self.path + "/" + name
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
