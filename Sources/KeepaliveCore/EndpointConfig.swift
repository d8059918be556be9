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

/// Exponential reconnect backoff with jitter: attempt n waits `min(max, initial × 2ⁿ)`, shortened by up to
/// `jitter` of itself so that many monitors restarted together do not reconnect in lockstep.
public struct ReconnectPolicy: Hashable, Sendable {
    public var initial: Duration
    public var maximum: Duration
    /// Fraction from 0 to 1.
    public var jitter: Double

    public init(initial: Duration, maximum: Duration, jitter: Double) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The wait before reconnect attempt `attempt` (0 for the first retry after a loss). `unitRandom` is a
    /// number in 0..<1 supplied by the caller, so the core stays deterministic under test.
    public func delay(attempt: Int, unitRandom: Double) -> Duration {
        let doublings = min(max(attempt, 0), 40)
        var base = initial
        for _ in 0..<doublings where base < maximum { base = base * 2 }
        base = min(base, maximum)
        let shortened = base * (1 - jitter * min(max(unitRandom, 0), 1))
        return max(shortened, .milliseconds(1))
    }
}

/// Built-in defaults, used where neither the endpoint nor `[defaults]` says otherwise.
public enum BuiltInDefaults {
    /// 10 s idle, then 3 probes 5 s apart: a silent peer is reported 25 s after its last packet, instead of
    /// the kernel's 2 h 11 min.
    public static let keepalive = KeepaliveSettings(idle: .seconds(10), interval: .seconds(5), count: 3)
    public static let connectTimeout: Duration = .seconds(5)
    public static let reconnect = ReconnectPolicy(initial: .milliseconds(500), maximum: .seconds(30), jitter: 0.2)
    public static let configPath = "/etc/keepalive-monitor/keepalive-monitor.toml"
    public static let controlSocketPath = "/run/keepalive-monitor/control.socket"
}

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

/// The optional Prometheus listener (`[metrics]`).
public struct MetricsSettings: Hashable, Sendable {
    /// The IP address and TCP port `/metrics` is served on, or nil (the default) for no listener.
    public var listen: EndpointAddress?

    public init(listen: EndpointAddress? = nil) {
        self.listen = listen
    }
}

/// The whole validated configuration.
public struct MonitorConfig: Hashable, Sendable {
    /// Endpoints in the order they were written.
    public var endpoints: [EndpointConfig]
    /// The file this came from, or nil when it came from the command line only.
    public var path: String?
    public var control: ControlSettings
    public var metrics: MetricsSettings

    public init(
        endpoints: [EndpointConfig],
        path: String?,
        control: ControlSettings = ControlSettings(),
        metrics: MetricsSettings = MetricsSettings()
    ) {
        self.endpoints = endpoints
        self.path = path
        self.control = control
        self.metrics = metrics
    }
}
