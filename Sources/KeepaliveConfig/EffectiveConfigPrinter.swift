import KeepaliveCore

/// Renders a validated configuration back to TOML, as `keepalive-monitor --check-config` prints it.
public enum EffectiveConfigPrinter {
    /// Valid TOML listing every endpoint with every resolved setting spelled out as a separate key (no
    /// shorthand, nothing left to defaults), under a header comment naming the source and the endpoint count,
    /// so that an operator sees exactly what each connection will use.
    ///
    /// Loading the output gives back `config.endpoints` unchanged.
    public static func render(_ config: MonitorConfig) -> String {
        let count = config.endpoints.count
        let source = config.path.map { "configuration file \(TOMLText.quoted($0)) and the command line" }
            ?? "the command line (no configuration file)"
        var lines = [
            "# keepalive-monitor effective configuration",
            "# Source: \(source)",
            "# \(count) \(count == 1 ? "endpoint" : "endpoints"), every setting resolved.",
        ]
        lines += ["", "[\(ConfigSchema.control.name)]", "\(ControlKey.socket.rawValue) = \(TOMLText.quoted(config.control.socketPath))"]
        if let group = config.control.group {
            lines.append("\(ControlKey.group.rawValue) = \(TOMLText.quoted(group))")
        }
        if let listen = config.metrics.listen {
            lines += ["", "[\(ConfigSchema.metrics.name)]", "\(MetricsKey.listen.rawValue) = \(TOMLText.quoted(listen.description))"]
        }
        for endpoint in config.endpoints {
            lines += [""] + render(endpoint)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func render(_ endpoint: EndpointConfig) -> [String] {
        func line(_ key: EndpointKey, _ value: String) -> String { "\(key.rawValue) = \(value)" }
        func line(_ key: SettingKey, _ value: String) -> String { "\(key.rawValue) = \(value)" }
        func duration(_ value: Duration) -> String { TOMLText.quoted(DurationText.format(value)) }
        var lines = [
            "[[\(ConfigSchema.endpoint.name)]]",
            line(.name, TOMLText.quoted(endpoint.name)),
            line(.address, TOMLText.quoted(endpoint.address.description)),
            line(.keepaliveIdle, duration(endpoint.keepalive.idle)),
            line(.keepaliveInterval, duration(endpoint.keepalive.interval)),
            line(.keepaliveCount, "\(endpoint.keepalive.count)"),
            line(.userTimeout, duration(endpoint.userTimeout)),
            line(.connectTimeout, duration(endpoint.connectTimeout)),
            line(.reconnectInitial, duration(endpoint.reconnect.initial)),
            line(.reconnectMax, duration(endpoint.reconnect.maximum)),
            // Swift prints the shortest text that reads back as the same Double, always in a form TOML accepts
            // as a float ("0.2", "1.0", "1e-05").
            line(.reconnectJitter, "\(endpoint.reconnect.jitter)"),
        ]
        if let heartbeat = endpoint.heartbeat {
            lines += [
                bytesLine(heartbeat.request, text: .heartbeatSend, hex: .heartbeatSendHex),
                bytesLine(heartbeat.expectedReply, text: .heartbeatExpect, hex: .heartbeatExpectHex),
                line(.heartbeatInterval, duration(heartbeat.interval)),
                line(.heartbeatTimeout, duration(heartbeat.timeout)),
            ]
        }
        return lines
    }

    /// Text when the bytes are UTF-8 (TOML's escapes carry control characters), hex otherwise, so that loading
    /// the output gives the same bytes back.
    private static func bytesLine(_ bytes: [UInt8], text: SettingKey, hex: SettingKey) -> String {
        if let string = String(validating: bytes, as: UTF8.self) {
            return "\(text.rawValue) = \(TOMLText.quoted(string))"
        }
        let digits = bytes.map { byte in
            let pair = String(byte, radix: 16)
            return pair.count == 1 ? "0" + pair : pair
        }
        return "\(hex.rawValue) = \"\(digits.joined(separator: " "))\""
    }
}
