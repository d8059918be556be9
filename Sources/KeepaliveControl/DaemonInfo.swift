import KeepaliveCore

/// The reply of `GetDaemonInfo`: what runs, since when, with which configuration.
public struct DaemonInfo: Hashable, Sendable {
    /// The daemon's `ProductVersion`.
    public var version: String
    /// The newest change of `org.keepalivemonitor.Monitor` the daemon implements.
    public var protocolVersion: Int
    /// When the daemon started: CLOCK_REALTIME microseconds since the epoch.
    public var startedUsec: Int64
    /// How long it has run, on the monotonic clock (immune to wall-clock steps).
    public var uptimeUsec: Int64
    /// The configuration file; nil when the endpoints came from the command line only.
    public var configPath: String?
    /// Accepted configurations since start, counting from 1.
    public var generation: Int
    public var peers: Int
    public var counts: Counts
    /// Times the monitor itself was stalled (stopped, starved of CPU, or suspended) since it started.
    public var stalls: Int
    /// How long the latest stall lasted, in microseconds; nil when there was none.
    public var lastStallUsec: Int64?

    public init(
        version: String = ProductVersion.current,
        protocolVersion: Int = MonitorInterface.version,
        startedUsec: Int64,
        uptimeUsec: Int64,
        configPath: String?,
        generation: Int,
        peers: Int,
        counts: Counts,
        stalls: Int = 0,
        lastStallUsec: Int64? = nil
    ) {
        self.version = version
        self.protocolVersion = protocolVersion
        self.startedUsec = startedUsec
        self.uptimeUsec = uptimeUsec
        self.configPath = configPath
        self.generation = generation
        self.peers = peers
        self.counts = counts
        self.stalls = stalls
        self.lastStallUsec = lastStallUsec
    }

    /// The `Counts` type: peers by state.
    public struct Counts: Hashable, Sendable, Codable {
        public var connecting: Int
        public var up: Int
        public var suspect: Int
        public var down: Int

        public init(connecting: Int = 0, up: Int = 0, suspect: Int = 0, down: Int = 0) {
            self.connecting = connecting
            self.up = up
            self.suspect = suspect
            self.down = down
        }

        /// Counts `peers` by state.
        public init(_ peers: [PeerInfo]) {
            self.init()
            for peer in peers {
                self[peer.state] += 1
            }
        }

        public subscript(state: PeerState) -> Int {
            get {
                switch state {
                case .connecting: connecting
                case .up: up
                case .suspect: suspect
                case .down: down
                }
            }
            set {
                switch state {
                case .connecting: connecting = newValue
                case .up: up = newValue
                case .suspect: suspect = newValue
                case .down: down = newValue
                }
            }
        }
    }
}

extension DaemonInfo: Codable {
    enum CodingKeys: String, CodingKey {
        case version, generation, peers, counts, stalls
        case lastStallUsec = "last_stall_usec"
        case protocolVersion = "protocol_version"
        case startedUsec = "started_usec"
        case uptimeUsec = "uptime_usec"
        case configPath = "config_path"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(version, forKey: .version)
        try container.encode(protocolVersion, forKey: .protocolVersion)
        try container.encode(startedUsec, forKey: .startedUsec)
        try container.encode(uptimeUsec, forKey: .uptimeUsec)
        // Written as null rather than left out, so the reply always has the same fields.
        try container.encode(configPath, forKey: .configPath)
        try container.encode(generation, forKey: .generation)
        try container.encode(peers, forKey: .peers)
        try container.encode(counts, forKey: .counts)
        try container.encode(stalls, forKey: .stalls)
        try container.encode(lastStallUsec, forKey: .lastStallUsec)
    }
}
