/// Maps errnos to reasons. Linux errno values are fixed by the kernel ABI, so the core can name them without
/// importing libc.
public enum ErrnoClassifier {
    public static let econnrefused: Int32 = 111
    public static let econnreset: Int32 = 104
    public static let etimedout: Int32 = 110
    public static let ehostunreach: Int32 = 113
    public static let enetunreach: Int32 = 101
    public static let eacces: Int32 = 13
    public static let epipe: Int32 = 32
    public static let econnaborted: Int32 = 103
    public static let ehostdown: Int32 = 112
    public static let enetdown: Int32 = 100
    public static let eperm: Int32 = 1
    public static let emfile: Int32 = 24
    public static let enfile: Int32 = 23
    public static let enomem: Int32 = 12
    public static let enobufs: Int32 = 105
    public static let eaddrnotavail: Int32 = 99

    /// Errnos that mean this host could not even try (no descriptor, memory or local port left): the peer was
    /// never asked, and the operator must look here, not there.
    public static func isLocal(_ errno: Int32) -> Bool {
        [emfile, enfile, enomem, enobufs, eaddrnotavail].contains(errno)
    }

    /// A connect that failed with `errno`.
    public static func connectFailure(errno: Int32) -> PeerFailure {
        let reason: DownReason =
            switch errno {
            case econnrefused: .refused
            case etimedout: .timeout
            case econnreset: .reset
            default: .unreachable
            }
        return PeerFailure(reason: reason, errno: errno)
    }

    /// An established connection that the kernel ended with `errno`. A keepalive-only socket dies with
    /// ETIMEDOUT whatever broke the path (ICMP errors quoting a probe are ignored as out of window).
    public static func connectionFailure(errno: Int32) -> PeerFailure {
        let reason: DownReason =
            switch errno {
            case etimedout: .halfOpen
            case ehostunreach, enetunreach, ehostdown, enetdown, eacces, eperm: .unreachable
            default: .reset
            }
        return PeerFailure(reason: reason, errno: errno)
    }

    /// The symbolic name, for messages: `ETIMEDOUT`.
    public static func name(_ errno: Int32) -> String {
        switch errno {
        case econnrefused: "ECONNREFUSED"
        case econnreset: "ECONNRESET"
        case etimedout: "ETIMEDOUT"
        case ehostunreach: "EHOSTUNREACH"
        case enetunreach: "ENETUNREACH"
        case eacces: "EACCES"
        case epipe: "EPIPE"
        case econnaborted: "ECONNABORTED"
        case ehostdown: "EHOSTDOWN"
        case enetdown: "ENETDOWN"
        case eperm: "EPERM"
        case emfile: "EMFILE"
        case enfile: "ENFILE"
        case enomem: "ENOMEM"
        case enobufs: "ENOBUFS"
        case eaddrnotavail: "EADDRNOTAVAIL"
        default: "errno \(errno)"
        }
    }
}
