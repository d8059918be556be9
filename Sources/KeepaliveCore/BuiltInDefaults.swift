/// Built-in defaults, used where neither the endpoint nor `[defaults]` says otherwise.
public enum BuiltInDefaults {
    /// 10 s idle, then 3 probes 5 s apart: a silent peer is reported 25 s after its last packet, instead of
    /// the kernel's 2 h 11 min.
    public static let keepalive = KeepaliveSettings(idle: .seconds(10), interval: .seconds(5), count: 3)
    public static let connectTimeout: Duration = .seconds(5)
    public static let reconnect = ReconnectPolicy(initial: .milliseconds(500), maximum: .seconds(30), jitter: 0.2)
    public static let configPath = "/etc/keepalive-monitor/keepalive-monitor.toml"
    /// Where the daemon listens and keepalivectl connects unless told otherwise: the one place this path is written.
    public static let controlSocketPath = "/run/keepalive-monitor/control.socket"
}
