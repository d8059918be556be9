import CSystemd
import KeepalivePOSIX

/// Sockets systemd passed at start (socket activation, `sd_listen_fds(3)`).
public enum ListenedSockets {
    /// The first passed descriptor is always 3 (`SD_LISTEN_FDS_START`).
    public static let firstDescriptor: CInt = 3

    /// The descriptors passed to this process, if any. Unsets `LISTEN_FDS`/`LISTEN_PID` so that a child
    /// process never mistakes them for its own.
    public static func take() throws(SystemCallError) -> [CInt] {
        let count = sd_listen_fds(1)
        if count < 0 {
            throw SystemCallError(call: "sd_listen_fds", errno: -count)
        }
        return (0..<count).map { firstDescriptor + $0 }
    }
}
