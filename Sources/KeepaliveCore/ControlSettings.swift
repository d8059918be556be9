/// Where the control API listens and who may open it.
public struct ControlSettings: Hashable, Sendable {
    /// The Unix socket path (ignored when systemd passes a listening socket).
    public var socketPath: String
    /// The group that owns the socket (mode 0660), or nil to keep the daemon's own group.
    public var group: String?

    public init(socketPath: String = BuiltInDefaults.controlSocketPath, group: String? = nil) {
        self.socketPath = socketPath
        self.group = group
    }
}
