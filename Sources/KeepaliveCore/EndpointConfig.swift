/// Everything the daemon needs to watch one upstream; every field already resolved from the endpoint's own
/// table, then `[defaults]`, then the built-in defaults.
public struct EndpointConfig: Hashable, Sendable {
    /// Unique name, used in alerts (`PEER=`), the status line and the control API.
    public var name: String
    public var address: EndpointAddress
    public var keepalive: KeepaliveSettings
    /// `TCP_USER_TIMEOUT`: how long sent data may stay unacknowledged, and with keepalive, how long after the
    /// last ACK the kernel gives up. Defaults to `keepalive.deadline` so a peer cannot hide behind unacked data.
    public var userTimeout: Duration
    /// How long a connect may wait for the peer's answer before it counts as `timeout`.
    public var connectTimeout: Duration
    public var reconnect: ReconnectPolicy
    /// The application heartbeat, when the endpoint has one.
    public var heartbeat: HeartbeatSettings?

    public init(
        name: String,
        address: EndpointAddress,
        keepalive: KeepaliveSettings,
        userTimeout: Duration,
        connectTimeout: Duration,
        reconnect: ReconnectPolicy,
        heartbeat: HeartbeatSettings? = nil
    ) {
        self.name = name
        self.address = address
        self.keepalive = keepalive
        self.userTimeout = userTimeout
        self.connectTimeout = connectTimeout
        self.reconnect = reconnect
        self.heartbeat = heartbeat
    }
}
