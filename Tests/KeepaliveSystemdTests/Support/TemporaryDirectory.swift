import Foundation
import Glibc

/// A fresh directory under /tmp, removed with everything in it by `remove()` (call it in `defer`).
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/keepalive-systemd-tests.XXXXXX".utf8CString)
        guard let created = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        self.path = String(cString: created)
    }

    func file(_ name: String) -> String {
        self.path + "/" + name
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: self.path)
    }
}
