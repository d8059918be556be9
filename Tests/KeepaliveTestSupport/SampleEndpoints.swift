import KeepaliveCore

/// The endpoint the tests' state machines and directories run: keepalive 1 s / 1 s / 3 unless told otherwise, the
/// user timeout at the keepalive's deadline, connect timeout 5 s, reconnects from 500 ms to 30 s with 0.2 jitter.
public enum SampleEndpoints {
    public static let keepalive = KeepaliveSettings(idle: .seconds(1), interval: .seconds(1), count: 3)

    public static func endpoint(
        _ name: String = "db",
        address: String = "10.0.0.5:5432",
        keepalive: KeepaliveSettings = keepalive
    ) -> EndpointConfig {
        EndpointConfig(
            name: name,
            address: try! EndpointAddress.parse(address),
            keepalive: keepalive,
            userTimeout: keepalive.deadline,
            connectTimeout: .seconds(5),
            reconnect: ReconnectPolicy(initial: .milliseconds(500), maximum: .seconds(30), jitter: 0.2))
    }
}
