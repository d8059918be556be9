import KeepaliveControl

/// Why keepalivectl could not get an answer, as a sentence that says what to do. ArgumentParser prints it
/// after `Error: ` and exits 1; `check` prints it after `UNKNOWN: ` and exits 3.
struct ClientError: Error, Equatable, CustomStringConvertible {
    enum Code: Equatable {
        /// No socket at the path.
        case notRunning
        /// A socket file that nobody listens on: the daemon died without removing it.
        case staleSocket
        /// The socket (or a directory on the way) is closed to the caller.
        case socketAccessDenied
        /// The daemon did not accept or answer in time.
        case timedOut
        /// The daemon closed the connection.
        case disconnected
        /// The daemon answered something that is not a reply to the call.
        case badReply
        case peerNotFound
        /// The daemon refused a privileged method to the caller.
        case permissionDenied
        /// Any other error reply, e.g. from an older daemon that lacks the method.
        case rejected
        /// A system call failed in a way not listed above.
        case system
    }

    var code: Code
    var message: String

    var description: String { message }

    static func == (lhs: ClientError, rhs: ClientError) -> Bool { lhs.code == rhs.code }

    /// The error reply the daemon gave to `method`.
    init(_ error: VarlinkError, method: String) {
        switch error {
        case .peerNotFound(let name):
            self.init(code: .peerNotFound, message: "no peer named \"\(name)\" (keepalivectl status lists them)")
        case .permissionDenied:
            let verb = method.split(separator: ".").last.map { $0.lowercased() } ?? method
            self.init(code: .permissionDenied, message: "permission denied: \(verb) needs root or the daemon's user")
        case .methodNotFound, .interfaceNotFound:
            self.init(
                code: .rejected,
                message: "keepalive-monitor does not know \(method) (\(error.name)); is it older than keepalivectl?")
        default:
            self.init(
                code: .rejected, message: "keepalive-monitor refused \(method): \(error.name)\(Self.detail(error))")
        }
    }

    init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    private static func detail(_ error: VarlinkError) -> String {
        switch error {
        case .invalidParameter(let parameter): " (parameter \"\(parameter)\")"
        case .methodNotImplemented(let method): " (\(method))"
        default: ""
        }
    }
}
