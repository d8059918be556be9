import KeepaliveCore
import KeepalivePOSIX

/// Rules for the control socket's path: absolute (the daemon's working directory is not the operator's), and
/// short enough for `sockaddr_un.sun_path` (108 bytes with its NUL).
enum ControlSocketPath {
    /// What `sockaddr_un.sun_path` holds, from the one place that fills it.
    static let maximumBytes = UnixSocketAddress.maximumPathBytes

    /// What a control socket path must look like, for every message that asks for one.
    static let expectation = "expected an absolute path such as \"\(BuiltInDefaults.controlSocketPath)\""

    /// Why `path` cannot be the control socket, or nil when it can.
    static func problem(_ path: String) -> String? {
        if !path.hasPrefix("/") {
            return "\(expectation), found \(TOMLText.quoted(path))"
        }
        if path.utf8.count > maximumBytes {
            return "\(TOMLText.quoted(path)) is \(path.utf8.count) bytes long; a Unix socket path has at most \(maximumBytes)"
        }
        return nil
    }
}
