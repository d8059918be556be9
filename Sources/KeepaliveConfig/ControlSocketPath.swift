import KeepaliveCore

/// Rules for the control socket's path: absolute (the daemon's working directory is not the operator's), and
/// short enough for `sockaddr_un.sun_path` (108 bytes with its NUL).
enum ControlSocketPath {
    static let maximumBytes = 107

    /// Why `path` cannot be the control socket, or nil when it can.
    static func problem(_ path: String) -> String? {
        if !path.hasPrefix("/") {
            return "expected an absolute path such as \"/run/keepalive-monitor/control.socket\", found \(TOMLText.quoted(path))"
        }
        if path.utf8.count > maximumBytes {
            return "\(TOMLText.quoted(path)) is \(path.utf8.count) bytes long; a Unix socket path has at most \(maximumBytes)"
        }
        return nil
    }
}

/// A Unix group name as useradd accepts it.
enum GroupName {
    static let expectation = "expected a group name of 1 to 32 letters, digits, \"_\" or \"-\", not starting with \"-\""

    static func isValid(_ name: String) -> Bool {
        guard (1...32).contains(name.count), !name.hasPrefix("-") else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
