/// `org.keepalivemonitor.Monitor`: the daemon's own varlink interface, the one contract shared by the daemon's
/// control server and `keepalivectl`. The definition below is what `GetInterfaceDescription` returns; any change
/// is appended to its change history and bumps `version`.
public enum MonitorInterface {
    public static let name = "org.keepalivemonitor.Monitor"

    /// The `protocol_version` in `GetDaemonInfo`: the newest entry of the change history.
    public static let version = 2

    /// The interface's methods, by their unqualified names.
    public enum Method: String, Sendable, CaseIterable {
        case listPeers = "ListPeers"
        case getPeer = "GetPeer"
        case watch = "Watch"
        case reload = "Reload"
        case reconnect = "Reconnect"
        case getDaemonInfo = "GetDaemonInfo"

        /// `org.keepalivemonitor.Monitor.ListPeers`, as written in a call.
        public var qualifiedName: String { "\(MonitorInterface.name).\(rawValue)" }

        /// Methods that change something; only privileged callers may call them.
        public var isPrivileged: Bool { self == .reload || self == .reconnect }
    }

    /// The interface's errors, by their unqualified names.
    public enum ErrorName: String, Sendable, CaseIterable {
        case peerNotFound = "PeerNotFound"
        case permissionDenied = "PermissionDenied"

        public var qualifiedName: String { "\(MonitorInterface.name).\(rawValue)" }
    }

    /// The interface definition in varlink IDL.
    public static let definition = """
        # keepalive-monitor: the verdict on every watched TCP peer, with the kernel's evidence.
        #
        # Change history (append-only; a client checks `protocol_version` in GetDaemonInfo):
        #   1  ListPeers, GetPeer, Watch, Reload, Reconnect, GetDaemonInfo
        #   2  Peer.heartbeat_rtt_us; DownCounts.unresponsive and .protocol; GetDaemonInfo stalls and
        #      last_stall_usec
        #
        # A message that is not a JSON object is answered with org.varlink.service.InvalidParameter naming
        # the parameter "" (the whole message); a call whose "method", "parameters", "more" or "oneway" has
        # the wrong type, with InvalidParameter naming that field.
        interface org.keepalivemonitor.Monitor

        # The kernel keepalive settings of the peer's socket.
        type Keepalive (idle_sec: int, interval_sec: int, count: int, user_timeout_ms: int)

        # A TCP_INFO sample of the peer's connection; durations as the kernel reported them at the moment
        # of sampling.
        type TCPInfo (
          state: string,
          probes: int,
          backoff: int,
          total_retransmits: int,
          unacked: int,
          last_data_recv_ms: int,
          last_ack_recv_ms: int,
          rtt_us: int,
          rttvar_us: int
        )

        # Times the peer went down, by reason.
        type DownCounts (
          half_open: int,
          reset: int,
          closed: int,
          refused: int,
          unreachable: int,
          timeout: int,
          dns: int,
          unresponsive: int,
          protocol: int
        )

        type Counters (reconnects: int, bytes_received: int, down: DownCounts)

        # One watched peer.
        # state: connecting | up | suspect | down
        # reason (when down): half-open | reset | closed | refused | unreachable | timeout | dns | unresponsive |
        #   protocol
        # since_usec: when the peer entered its state, CLOCK_REALTIME microseconds.
        # probes_unanswered: keepalive probes sent and not answered, out of keepalive.count.
        # tcp_info: the latest sample: of the live connection, or when down, the last one taken before the
        # connection ended; null when there is none.
        # heartbeat_rtt_us: round trip of the latest answered application heartbeat; null when the endpoint has
        # no heartbeat or it has not been answered yet.
        type Peer (
          name: string,
          address: string,
          resolved_address: ?string,
          state: string,
          reason: ?string,
          since_usec: int,
          probes_unanswered: int,
          keepalive: Keepalive,
          tcp_info: ?TCPInfo,
          heartbeat_rtt_us: ?int,
          counters: Counters
        )

        type Counts (connecting: int, up: int, suspect: int, down: int)

        # Every peer.
        method ListPeers() -> (peers: []Peer)

        # One peer by name.
        method GetPeer(name: string) -> (peer: Peer)

        # Needs "more": first every peer as it is now (initial: true), then one reply each time a peer's
        # state, reason or unanswered probes change (initial: false), until the client leaves.
        method Watch() -> (peer: Peer, initial: bool)

        # Reads the configuration again, as SIGHUP does. Needs uid 0 or the daemon's uid.
        method Reload() -> (accepted: bool, generation: int, errors: []string)

        # Drops the peer's connection and connects again now. Needs uid 0 or the daemon's uid.
        method Reconnect(name: string) -> ()

        # started_usec: CLOCK_REALTIME microseconds; generation counts accepted configurations from 1.
        method GetDaemonInfo() -> (
          version: string,
          protocol_version: int,
          started_usec: int,
          uptime_usec: int,
          config_path: ?string,
          generation: int,
          peers: int,
          counts: Counts,
          stalls: int,
          last_stall_usec: ?int
        )

        # No peer has this name.
        error PeerNotFound (name: string)

        # The method changes the daemon; the caller's uid may not call it.
        error PermissionDenied (method: string, uid: int)

        """
}
