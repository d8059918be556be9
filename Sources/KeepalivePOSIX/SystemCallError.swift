import Glibc

/// A failed system or libsystemd call: which call, and the errno it reported.
///
/// libsystemd returns `-errno` instead of setting `errno`; both kinds end up here with a positive `errno`, so a
/// caller can compare codes (`error.errno == ECONNREFUSED`) whatever the call's own convention.
public struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name of the call that failed, as a person would search for it (`connect`, `sd_notify`).
    public var call: String
    /// The positive errno value (`ECONNREFUSED`, not `-ECONNREFUSED`).
    public var errno: CInt

    /// Creates an error for `call` failing with the positive `errno`.
    public init(call: String, errno: CInt) {
        self.call = call
        self.errno = errno
    }

    /// `connect: Connection refused (errno 111)`: the call, what the errno means, and the number to grep for.
    public var description: String {
        "\(self.call): \(String(cString: strerror(self.errno))) (errno \(self.errno))"
    }
}
