import KeepaliveCore

/// Where a setting's value was written, so that a problem found only after resolution (such as
/// `reconnect_max` below `reconnect_initial`) can still point at the right line.
enum SettingOrigin: Hashable, Sendable {
    case file(TOMLSourceIndex.TableRef, SettingKey)
    /// `--keepalive`.
    case commandLine
}

/// One value together with where it came from.
struct SourcedValue<Value: Hashable & Sendable>: Hashable, Sendable {
    var value: Value
    var origin: SettingOrigin
}

/// The settings one level of the configuration sets: an endpoint's table, `--keepalive`, or `[defaults]`.
/// nil means "not set here", so the next level down decides.
struct SettingsLayer: Hashable, Sendable {
    var idle: SourcedValue<Duration>?
    var interval: SourcedValue<Duration>?
    var count: SourcedValue<Int>?
    var userTimeout: SourcedValue<Duration>?
    var connectTimeout: SourcedValue<Duration>?
    var reconnectInitial: SourcedValue<Duration>?
    var reconnectMax: SourcedValue<Duration>?
    var jitter: SourcedValue<Double>?
    /// The heartbeat request and expected reply, from `heartbeat_send[_hex]` and `heartbeat_expect[_hex]`.
    var heartbeatRequest: SourcedValue<[UInt8]>?
    var heartbeatReply: SourcedValue<[UInt8]>?
    var heartbeatInterval: SourcedValue<Duration>?
    var heartbeatTimeout: SourcedValue<Duration>?

    /// This layer where it sets a value, `lower` where it does not.
    func overlaid(on lower: SettingsLayer) -> SettingsLayer {
        SettingsLayer(
            idle: idle ?? lower.idle,
            interval: interval ?? lower.interval,
            count: count ?? lower.count,
            userTimeout: userTimeout ?? lower.userTimeout,
            connectTimeout: connectTimeout ?? lower.connectTimeout,
            reconnectInitial: reconnectInitial ?? lower.reconnectInitial,
            reconnectMax: reconnectMax ?? lower.reconnectMax,
            jitter: jitter ?? lower.jitter,
            heartbeatRequest: heartbeatRequest ?? lower.heartbeatRequest,
            heartbeatReply: heartbeatReply ?? lower.heartbeatReply,
            heartbeatInterval: heartbeatInterval ?? lower.heartbeatInterval,
            heartbeatTimeout: heartbeatTimeout ?? lower.heartbeatTimeout
        )
    }

    /// The layer `--keepalive` makes: only the keepalive fields it names.
    init(shorthand: KeepaliveShorthand, origin: SettingOrigin) {
        idle = shorthand.idle.map { SourcedValue(value: $0, origin: origin) }
        interval = shorthand.interval.map { SourcedValue(value: $0, origin: origin) }
        count = shorthand.count.map { SourcedValue(value: $0, origin: origin) }
    }

    init(
        idle: SourcedValue<Duration>? = nil,
        interval: SourcedValue<Duration>? = nil,
        count: SourcedValue<Int>? = nil,
        userTimeout: SourcedValue<Duration>? = nil,
        connectTimeout: SourcedValue<Duration>? = nil,
        reconnectInitial: SourcedValue<Duration>? = nil,
        reconnectMax: SourcedValue<Duration>? = nil,
        jitter: SourcedValue<Double>? = nil,
        heartbeatRequest: SourcedValue<[UInt8]>? = nil,
        heartbeatReply: SourcedValue<[UInt8]>? = nil,
        heartbeatInterval: SourcedValue<Duration>? = nil,
        heartbeatTimeout: SourcedValue<Duration>? = nil
    ) {
        self.idle = idle
        self.interval = interval
        self.count = count
        self.userTimeout = userTimeout
        self.connectTimeout = connectTimeout
        self.reconnectInitial = reconnectInitial
        self.reconnectMax = reconnectMax
        self.jitter = jitter
        self.heartbeatRequest = heartbeatRequest
        self.heartbeatReply = heartbeatReply
        self.heartbeatInterval = heartbeatInterval
        self.heartbeatTimeout = heartbeatTimeout
    }
}
