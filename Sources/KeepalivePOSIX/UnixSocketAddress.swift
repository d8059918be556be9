import Glibc

/// Filling a `sockaddr_un`, written once for the notify socket, the control socket and their tests.
public enum UnixSocketAddress {
    /// The longest path `sun_path` holds, without its NUL.
    public static let maximumPathBytes = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    /// Calls `body` with the address of `path` and its length. A path starting with `@` is Linux's abstract
    /// namespace (as systemd writes `NOTIFY_SOCKET`); a path too long fails as `ENAMETOOLONG`, named `call`.
    public static func withAddress<Result>(
        _ path: String,
        call: String,
        _ body: (UnsafePointer<sockaddr>, socklen_t) throws(SystemCallError) -> Result
    ) throws(SystemCallError) -> Result {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        guard bytes.count <= maximumPathBytes else { throw SystemCallError(call: call, errno: ENAMETOOLONG) }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        // An abstract name is exactly its bytes; a path is followed by its NUL.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (abstract ? 0 : 1))
        let result: Swift.Result<Result, SystemCallError> = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                Swift.Result { () throws(SystemCallError) in try body(address, length) }
            }
        }
        return try result.get()
    }
}
