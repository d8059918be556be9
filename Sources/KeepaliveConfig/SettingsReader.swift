import KeepaliveCore

/// Reads the setting keys of `[defaults]` or of one `[[endpoint]]` into a `SettingsLayer`.
enum SettingsReader {
    static func read(from reader: inout ConfigTableReader) -> SettingsLayer {
        var layer = SettingsLayer()
        let ref = reader.ref
        func setting<Value>(_ value: Value?, _ key: SettingKey) -> SourcedValue<Value>? {
            value.map { SourcedValue(value: $0, origin: .file(ref, key)) }
        }

        let shorthand = readShorthand(from: &reader)
        let written = shorthand?.written
        let idle = reader.duration(SettingKey.keepaliveIdle.rawValue, check: SettingLimits.keepaliveSeconds)
        let interval = reader.duration(SettingKey.keepaliveInterval.rawValue, check: SettingLimits.keepaliveSeconds)
        let count = reader.integer(
            SettingKey.keepaliveCount.rawValue,
            check: SettingLimits.keepaliveCount,
            expecting: SettingLimits.countExpectation
        )
        reportConflict(written?.idle != nil, with: .keepaliveIdle, field: "idle time", in: &reader)
        reportConflict(written?.interval != nil, with: .keepaliveInterval, field: "probe interval", in: &reader)
        reportConflict(written?.count != nil, with: .keepaliveCount, field: "probe count", in: &reader)
        layer.idle = setting(shorthand?.valid.idle, .keepalive) ?? setting(idle, .keepaliveIdle)
        layer.interval = setting(shorthand?.valid.interval, .keepalive) ?? setting(interval, .keepaliveInterval)
        layer.count = setting(shorthand?.valid.count, .keepalive) ?? setting(count, .keepaliveCount)

        layer.userTimeout = setting(
            reader.duration(SettingKey.userTimeout.rawValue, check: SettingLimits.userTimeout), .userTimeout
        )
        layer.connectTimeout = setting(
            reader.duration(SettingKey.connectTimeout.rawValue, check: SettingLimits.connectTimeout), .connectTimeout
        )
        layer.reconnectInitial = setting(
            reader.duration(SettingKey.reconnectInitial.rawValue, check: SettingLimits.reconnectDelay),
            .reconnectInitial
        )
        layer.reconnectMax = setting(
            reader.duration(SettingKey.reconnectMax.rawValue, check: SettingLimits.reconnectDelay), .reconnectMax
        )
        layer.jitter = setting(
            reader.fraction(
                SettingKey.reconnectJitter.rawValue,
                check: SettingLimits.jitter,
                expecting: SettingLimits.jitterExpectation
            ),
            .reconnectJitter
        )
        layer.heartbeatRequest = readBytes(text: .heartbeatSend, hex: .heartbeatSendHex, allowEmpty: false, from: &reader)
        layer.heartbeatReply = readBytes(text: .heartbeatExpect, hex: .heartbeatExpectHex, allowEmpty: true, from: &reader)
        layer.heartbeatInterval = setting(
            reader.duration(SettingKey.heartbeatInterval.rawValue, check: SettingLimits.heartbeatInterval),
            .heartbeatInterval
        )
        layer.heartbeatTimeout = setting(
            reader.duration(SettingKey.heartbeatTimeout.rawValue, check: SettingLimits.heartbeatTimeout),
            .heartbeatTimeout
        )
        return layer
    }

    /// Heartbeat bytes written as text (`textKey`) or as hex (`hexKey`), never both.
    private static func readBytes(
        text textKey: SettingKey,
        hex hexKey: SettingKey,
        allowEmpty: Bool,
        from reader: inout ConfigTableReader
    ) -> SourcedValue<[UInt8]>? {
        let text = reader.string(textKey.rawValue, expecting: "expected a string such as \"PING\\r\\n\"")
        let hex = reader.string(hexKey.rawValue, expecting: "expected a string of hex digits such as \"01\"")
        if text != nil, hex != nil {
            reader.report("\(textKey.rawValue) and \(hexKey.rawValue) both set the same bytes; keep one of them", at: hexKey.rawValue)
            return nil
        }
        let key: SettingKey
        let bytes: [UInt8]
        if let text {
            key = textKey
            bytes = Array(text.utf8)
        } else if let hex {
            key = hexKey
            switch HeartbeatBytes.parseHex(hex) {
            case .success(let parsed):
                bytes = parsed
            case .failure(let problem):
                reader.report("\(hexKey.rawValue): \(problem.expectation), found \(TOMLText.quoted(hex))", at: hexKey.rawValue)
                return nil
            }
        } else {
            return nil
        }
        if let problem = HeartbeatBytes.lengthProblem(bytes, allowEmpty: allowEmpty) {
            reader.report("\(key.rawValue): \(problem), found \(bytes.count)", at: key.rawValue)
            return nil
        }
        return SourcedValue(value: bytes, origin: .file(reader.ref, key))
    }

    /// The `keepalive` shorthand, its problems already reported; nil when the key is absent or not a string.
    private static func readShorthand(from reader: inout ConfigTableReader) -> ShorthandValidation.Outcome? {
        let key = SettingKey.keepalive.rawValue
        guard let text = reader.string(key, expecting: "expected a string IDLE:INTERVAL:COUNT such as \"10s:5s:3\"")
        else { return nil }
        let outcome = ShorthandValidation.validate(text)
        for problem in outcome.problems {
            reader.report("\(key): \(problem)", at: key)
        }
        return outcome
    }

    /// Two keys of one table setting the same field leave the reader guessing which was meant; the message
    /// points at whichever of the two was written second.
    private static func reportConflict(
        _ shorthandSetsField: Bool,
        with key: SettingKey,
        field: String,
        in reader: inout ConfigTableReader
    ) {
        guard shorthandSetsField, reader.contains(key.rawValue) else { return }
        let shorthand = SettingKey.keepalive.rawValue
        let later: String
        if let first = reader.position(of: shorthand), let second = reader.position(of: key.rawValue) {
            later = first > second ? shorthand : key.rawValue
        } else {
            later = key.rawValue
        }
        reader.report(
            "\(shorthand) and \(key.rawValue) both set the keepalive \(field); keep one of them",
            at: later
        )
    }
}
