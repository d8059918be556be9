import KeepaliveCore

/// Configuration given on the command line, applied on top of the file (or instead of one).
public struct CommandLineOverrides: Sendable, Hashable {
    /// Each `NAME=HOST:PORT` from a repeatable `--endpoint`; these endpoints take their settings from
    /// `[defaults]` and come after the file's endpoints.
    public var endpoints: [String]
    /// `--keepalive IDLE:INTERVAL:COUNT`: replaces the keepalive of `[defaults]` field by field (an empty field
    /// keeps the `[defaults]` value); an endpoint's own keepalive keys still win.
    public var keepalive: String?
    /// `--control-socket PATH`: replaces `[control] socket`.
    public var controlSocket: String?
    /// `--metrics-listen ADDRESS:PORT`: replaces `[metrics] listen`.
    public var metricsListen: String?

    /// Creates overrides; the defaults change nothing.
    public init(
        endpoints: [String] = [], keepalive: String? = nil, controlSocket: String? = nil, metricsListen: String? = nil
    ) {
        self.endpoints = endpoints
        self.keepalive = keepalive
        self.controlSocket = controlSocket
        self.metricsListen = metricsListen
    }
}
