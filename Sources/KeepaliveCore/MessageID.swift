/// One stable 128-bit journal `MESSAGE_ID` per kind of event, so that `journalctl MESSAGE_ID=…` finds every
/// occurrence and `journalctl -x` shows the catalog text in `systemd/keepalive-monitor.catalog`.
/// These never change once released; a new kind of event gets a new id.
public enum MessageID: String, CaseIterable, Sendable {
    /// A peer's first successful connection since the daemon (or its endpoint) started.
    case peerConnected = "9fb522ed02264ca699d6ef65f45dc0d9"
    /// Keepalive probes are outstanding: the peer has not answered N of count.
    case peerSuspect = "e8e3060cba684c3493c8cd98bf9ac964"
    /// The peer is down: half-open, reset, closed, or it could not be reached.
    case peerDown = "f764b7df88a74687a682f8836bf27d3e"
    /// The peer is up again after being down or suspect; carries the outage duration.
    case peerRecovered = "eea6ab45370746a0b5ef2d9de57a0aba"
    /// A peer that is down failed a reconnect in a new way (e.g. a half-open host now refuses).
    case peerReconnectFailed = "756a7e0f051f485683cb3dc153757fbe"
    /// A reload was refused because the new configuration is invalid; the old one keeps running.
    case configRejected = "5dc46a31c35d4206a5582499fd467ce2"
    /// A reload applied a new configuration.
    case configReloaded = "9ecfe77b8e2546b791b8d467ddb3dd6f"
    /// The monitor itself did not run for a while (stopped, starved of CPU, or its machine suspended): its
    /// timers ran late, and no peer was blamed for the delay.
    case monitorStalled = "585a303579df458db0c6b4bee80ff0ef"
}
