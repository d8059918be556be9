import KeepaliveCore

/// The `Peer` type of `org.keepalivemonitor.Monitor`: one watched peer as the control API reports it.
///
/// Encoded with the interface's field names; an absent optional is written as `null`, so that every reply and
/// every `keepalivectl --json` object has the same fields.
public struct PeerInfo: Hashable, Sendable {
    public var name: String
    /// The address as configured: `host:port`, `[v6addr]:port` or `dns.name:port`.
    public var address: String
    /// The address of the current or latest connection, when there was one.
    public var resolvedAddress: String?
    public var state: PeerState
    /// Why the peer is down; nil in every other state.
    public var reason: DownReason?
    /// When the peer entered `state`: CLOCK_REALTIME microseconds since the epoch.
    public var sinceUsec: Int64
    /// Keepalive probes sent and not answered, out of `keepalive.count`.
    public var probesUnanswered: Int
    public var keepalive: Keepalive
    /// The latest TCP_INFO sample: of the live connection, or for a peer that is down, the last one taken before
    /// its connection ended (the kernel's evidence); nil when there is none.
    public var tcpInfo: TCPInfo?
    /// The round trip of the latest answered application heartbeat, in microseconds; nil without a heartbeat or
    /// before its first answer.
    public var heartbeatRttUs: Int64?
    public var counters: Counters

    public init(
        name: String,
        address: String,
        resolvedAddress: String?,
        state: PeerState,
        reason: DownReason?,
        sinceUsec: Int64,
        probesUnanswered: Int,
        keepalive: Keepalive,
        tcpInfo: TCPInfo?,
        heartbeatRttUs: Int64? = nil,
        counters: Counters
    ) {
        self.name = name
        self.address = address
        self.resolvedAddress = resolvedAddress
        self.state = state
        self.reason = reason
        self.sinceUsec = sinceUsec
        self.probesUnanswered = probesUnanswered
        self.keepalive = keepalive
        self.tcpInfo = tcpInfo
        self.heartbeatRttUs = heartbeatRttUs
        self.counters = counters
    }

    /// The `Keepalive` type: the socket's keepalive options.
    public struct Keepalive: Hashable, Sendable, Codable {
        public var idleSec: Int
        public var intervalSec: Int
        public var count: Int
        public var userTimeoutMs: Int

        public init(idleSec: Int, intervalSec: Int, count: Int, userTimeoutMs: Int) {
            self.idleSec = idleSec
            self.intervalSec = intervalSec
            self.count = count
            self.userTimeoutMs = userTimeoutMs
        }

        enum CodingKeys: String, CodingKey {
            case idleSec = "idle_sec"
            case intervalSec = "interval_sec"
            case count
            case userTimeoutMs = "user_timeout_ms"
        }
    }

    /// The `TCPInfo` type: one TCP_INFO sample.
    public struct TCPInfo: Hashable, Sendable, Codable {
        /// The kernel's name of the TCP state: `ESTABLISHED`, `CLOSE_WAIT`, …
        public var state: String
        public var probes: Int
        public var backoff: Int
        public var totalRetransmits: Int
        public var unacked: Int
        public var lastDataRecvMs: Int64
        public var lastAckRecvMs: Int64
        public var rttUs: Int64
        public var rttvarUs: Int64

        public init(
            state: String,
            probes: Int,
            backoff: Int,
            totalRetransmits: Int,
            unacked: Int,
            lastDataRecvMs: Int64,
            lastAckRecvMs: Int64,
            rttUs: Int64,
            rttvarUs: Int64
        ) {
            self.state = state
            self.probes = probes
            self.backoff = backoff
            self.totalRetransmits = totalRetransmits
            self.unacked = unacked
            self.lastDataRecvMs = lastDataRecvMs
            self.lastAckRecvMs = lastAckRecvMs
            self.rttUs = rttUs
            self.rttvarUs = rttvarUs
        }

        enum CodingKeys: String, CodingKey {
            case state, probes, backoff, unacked
            case totalRetransmits = "total_retransmits"
            case lastDataRecvMs = "last_data_recv_ms"
            case lastAckRecvMs = "last_ack_recv_ms"
            case rttUs = "rtt_us"
            case rttvarUs = "rttvar_us"
        }
    }

    /// The `Counters` type.
    public struct Counters: Hashable, Sendable, Codable {
        /// Connect attempts after the first.
        public var reconnects: Int
        /// Bytes the peer sent; counted, never interpreted.
        public var bytesReceived: Int
        public var down: DownCounts

        public init(reconnects: Int, bytesReceived: Int, down: DownCounts) {
            self.reconnects = reconnects
            self.bytesReceived = bytesReceived
            self.down = down
        }

        enum CodingKeys: String, CodingKey {
            case reconnects
            case bytesReceived = "bytes_received"
            case down
        }
    }

    /// The `DownCounts` type: times the peer went down, by reason.
    public struct DownCounts: Hashable, Sendable, Codable {
        public var halfOpen: Int
        public var reset: Int
        public var closed: Int
        public var refused: Int
        public var unreachable: Int
        public var timeout: Int
        public var dns: Int
        public var unresponsive: Int
        /// `protocol`: a wrong heartbeat reply.
        public var wrongReply: Int

        public init(
            halfOpen: Int = 0,
            reset: Int = 0,
            closed: Int = 0,
            refused: Int = 0,
            unreachable: Int = 0,
            timeout: Int = 0,
            dns: Int = 0,
            unresponsive: Int = 0,
            wrongReply: Int = 0
        ) {
            self.halfOpen = halfOpen
            self.reset = reset
            self.closed = closed
            self.refused = refused
            self.unreachable = unreachable
            self.timeout = timeout
            self.dns = dns
            self.unresponsive = unresponsive
            self.wrongReply = wrongReply
        }

        public subscript(reason: DownReason) -> Int {
            get {
                switch reason {
                case .halfOpen: halfOpen
                case .reset: reset
                case .closed: closed
                case .refused: refused
                case .unreachable: unreachable
                case .timeout: timeout
                case .dns: dns
                case .unresponsive: unresponsive
                case .wrongReply: wrongReply
                }
            }
            set {
                switch reason {
                case .halfOpen: halfOpen = newValue
                case .reset: reset = newValue
                case .closed: closed = newValue
                case .refused: refused = newValue
                case .unreachable: unreachable = newValue
                case .timeout: timeout = newValue
                case .dns: dns = newValue
                case .unresponsive: unresponsive = newValue
                case .wrongReply: wrongReply = newValue
                }
            }
        }

        enum CodingKeys: String, CodingKey {
            case halfOpen = "half_open"
            case reset, closed, refused, unreachable, timeout, dns, unresponsive
            case wrongReply = "protocol"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            halfOpen = try container.decode(Int.self, forKey: .halfOpen)
            reset = try container.decode(Int.self, forKey: .reset)
            closed = try container.decode(Int.self, forKey: .closed)
            refused = try container.decode(Int.self, forKey: .refused)
            unreachable = try container.decode(Int.self, forKey: .unreachable)
            timeout = try container.decode(Int.self, forKey: .timeout)
            dns = try container.decode(Int.self, forKey: .dns)
            // Added in protocol 2: a daemon of protocol 1 leaves them out.
            unresponsive = try container.decodeIfPresent(Int.self, forKey: .unresponsive) ?? 0
            wrongReply = try container.decodeIfPresent(Int.self, forKey: .wrongReply) ?? 0
        }
    }
}

extension PeerInfo: Codable {
    enum CodingKeys: String, CodingKey {
        case name, address, state, reason, keepalive, counters
        case resolvedAddress = "resolved_address"
        case sinceUsec = "since_usec"
        case probesUnanswered = "probes_unanswered"
        case tcpInfo = "tcp_info"
        case heartbeatRttUs = "heartbeat_rtt_us"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        address = try container.decode(String.self, forKey: .address)
        resolvedAddress = try container.decodeIfPresent(String.self, forKey: .resolvedAddress)
        let stateWord = try container.decode(String.self, forKey: .state)
        guard let state = PeerState(rawValue: stateWord) else {
            throw DecodingError.dataCorruptedError(
                forKey: .state, in: container, debugDescription: "unknown state \"\(stateWord)\"")
        }
        self.state = state
        if let reasonWord = try container.decodeIfPresent(String.self, forKey: .reason) {
            guard let reason = DownReason(rawValue: reasonWord) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .reason, in: container, debugDescription: "unknown reason \"\(reasonWord)\"")
            }
            self.reason = reason
        } else {
            reason = nil
        }
        sinceUsec = try container.decode(Int64.self, forKey: .sinceUsec)
        probesUnanswered = try container.decode(Int.self, forKey: .probesUnanswered)
        keepalive = try container.decode(Keepalive.self, forKey: .keepalive)
        tcpInfo = try container.decodeIfPresent(TCPInfo.self, forKey: .tcpInfo)
        heartbeatRttUs = try container.decodeIfPresent(Int64.self, forKey: .heartbeatRttUs)
        counters = try container.decode(Counters.self, forKey: .counters)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(address, forKey: .address)
        try container.encode(resolvedAddress, forKey: .resolvedAddress)
        try container.encode(state.rawValue, forKey: .state)
        try container.encode(reason?.rawValue, forKey: .reason)
        try container.encode(sinceUsec, forKey: .sinceUsec)
        try container.encode(probesUnanswered, forKey: .probesUnanswered)
        try container.encode(keepalive, forKey: .keepalive)
        try container.encode(tcpInfo, forKey: .tcpInfo)
        try container.encode(heartbeatRttUs, forKey: .heartbeatRttUs)
        try container.encode(counters, forKey: .counters)
    }
}
