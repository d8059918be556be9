import KeepaliveCore

/// Combines the layers that apply to one endpoint into its final settings: the endpoint's own table first,
/// then `--keepalive`, then `[defaults]`, then `BuiltInDefaults`.
enum EndpointResolver {
    /// Every setting of an endpoint apart from its name and address.
    struct Resolved: Hashable, Sendable {
        var keepalive: KeepaliveSettings
        var userTimeout: Duration
        var connectTimeout: Duration
        var reconnect: ReconnectPolicy
        var heartbeat: HeartbeatSettings?
    }

    /// A problem that only shows once the levels are combined, with the origin of the value to blame.
    struct Problem: Hashable, Sendable {
        var origin: SettingOrigin
        var message: String
    }

    /// `layers` from the most specific to the least. Settings are resolved even for an endpoint whose name or
    /// address is wrong, so that their own problems are reported in the same round.
    static func resolve(_ layers: [SettingsLayer]) -> (settings: Resolved, problems: [Problem]) {
        let merged = layers.reduce(SettingsLayer()) { $0.overlaid(on: $1) }
        let builtIn = BuiltInDefaults.keepalive
        let keepalive = KeepaliveSettings(
            idle: merged.idle?.value ?? builtIn.idle,
            interval: merged.interval?.value ?? builtIn.interval,
            count: merged.count?.value ?? builtIn.count
        )
        // The computed default exceeds what TCP_USER_TIMEOUT holds only with extreme keepalive settings
        // (e.g. 32767s × 127); capped, it still outlasts the keepalive by weeks, so no one needs an error.
        let userTimeout = merged.userTimeout?.value ?? min(keepalive.deadline, SettingLimits.maximumUserTimeout)
        let reconnect = ReconnectPolicy(
            initial: merged.reconnectInitial?.value ?? BuiltInDefaults.reconnect.initial,
            maximum: merged.reconnectMax?.value ?? BuiltInDefaults.reconnect.maximum,
            jitter: merged.jitter?.value ?? BuiltInDefaults.reconnect.jitter
        )
        var problems: [Problem] = []
        if reconnect.maximum < reconnect.initial, let problem = reconnectOrderProblem(reconnect, merged) {
            problems.append(problem)
        }
        let heartbeat = resolveHeartbeat(merged, problems: &problems)
        let settings = Resolved(
            keepalive: keepalive,
            userTimeout: userTimeout,
            connectTimeout: merged.connectTimeout?.value ?? BuiltInDefaults.connectTimeout,
            reconnect: reconnect,
            heartbeat: heartbeat
        )
        return (settings, problems)
    }

    /// The heartbeat when a request is set; a reply, interval or timeout without one is a mistake, and so is a
    /// timeout that does not end before the next request would go.
    private static func resolveHeartbeat(_ merged: SettingsLayer, problems: inout [Problem]) -> HeartbeatSettings? {
        guard let request = merged.heartbeatRequest else {
            let orphan = merged.heartbeatReply?.origin ?? merged.heartbeatInterval?.origin ?? merged.heartbeatTimeout?.origin
            if let orphan, case .file(_, let key) = orphan {
                problems.append(
                    Problem(
                        origin: orphan,
                        message: "\(key.rawValue): expected \(SettingKey.heartbeatSend.rawValue) (or "
                            + "\(SettingKey.heartbeatSendHex.rawValue)) too: a heartbeat needs its request"))
            }
            return nil
        }
        let heartbeat = HeartbeatSettings(
            request: request.value,
            expectedReply: merged.heartbeatReply?.value ?? [],
            interval: merged.heartbeatInterval?.value ?? HeartbeatSettings.defaultInterval,
            timeout: merged.heartbeatTimeout?.value ?? HeartbeatSettings.defaultTimeout
        )
        if heartbeat.timeout >= heartbeat.interval {
            let interval = DurationText.format(heartbeat.interval)
            let timeout = DurationText.format(heartbeat.timeout)
            problems.append(
                Problem(
                    origin: merged.heartbeatTimeout?.origin ?? merged.heartbeatInterval?.origin ?? request.origin,
                    message: "\(SettingKey.heartbeatTimeout.rawValue): expected less than "
                        + "\(SettingKey.heartbeatInterval.rawValue) (\(interval)), found \(timeout)"))
        }
        return heartbeat
    }

    /// Blames `reconnect_max` when it was written, since the ceiling is what usually got set too low;
    /// otherwise the written `reconnect_initial` that overtook the built-in ceiling. The built-in values
    /// alone are in order, so one of the two was written.
    private static func reconnectOrderProblem(_ reconnect: ReconnectPolicy, _ merged: SettingsLayer) -> Problem? {
        let initial = DurationText.format(reconnect.initial)
        let maximum = DurationText.format(reconnect.maximum)
        if let origin = merged.reconnectMax?.origin {
            return Problem(
                origin: origin,
                message: "\(SettingKey.reconnectMax.rawValue): expected at least "
                    + "\(SettingKey.reconnectInitial.rawValue) (\(initial)), found \(maximum)"
            )
        }
        guard let origin = merged.reconnectInitial?.origin else { return nil }
        return Problem(
            origin: origin,
            message: "\(SettingKey.reconnectInitial.rawValue): expected at most "
                + "\(SettingKey.reconnectMax.rawValue) (\(maximum)), found \(initial)"
        )
    }
}

extension EndpointConfig {
    init(name: String, address: EndpointAddress, settings: EndpointResolver.Resolved) {
        self.init(
            name: name,
            address: address,
            keepalive: settings.keepalive,
            userTimeout: settings.userTimeout,
            connectTimeout: settings.connectTimeout,
            reconnect: settings.reconnect,
            heartbeat: settings.heartbeat
        )
    }
}
