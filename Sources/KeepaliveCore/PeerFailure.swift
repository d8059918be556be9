/// A connection or connect failure as the I/O layer saw it, already classified; the errno stays for the
/// operator ("what the kernel saw").
public struct PeerFailure: Hashable, Sendable {
    public var reason: DownReason
    /// The errno the kernel reported, when there was one (none for FIN, a connect timeout or DNS).
    public var errno: Int32?
    /// A short detail for the message, e.g. the resolver's error text.
    public var detail: String?

    public init(reason: DownReason, errno: Int32? = nil, detail: String? = nil) {
        self.reason = reason
        self.errno = errno
        self.detail = detail
    }
}
