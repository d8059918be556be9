import KeepaliveCore

/// What an `idle:interval:count` shorthand asks for; an empty field keeps whatever the caller falls back to.
public struct KeepaliveShorthand: Hashable, Sendable {
    public var idle: Duration?
    public var interval: Duration?
    public var count: Int?

    public init(idle: Duration? = nil, interval: Duration? = nil, count: Int? = nil) {
        self.idle = idle
        self.interval = interval
        self.count = count
    }

    /// Parses `30s:5s:3`, `30m::10` or `1:1:3`. As in nginx, a bare number for idle or interval means seconds.
    /// Throws a sentence that says what was expected; range checks are the validator's job.
    public static func parse(_ text: String) throws(ShorthandError) -> KeepaliveShorthand {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            throw ShorthandError(message: "expected IDLE:INTERVAL:COUNT such as \"30s:5s:3\", found \"\(text)\"")
        }
        func duration(_ field: Substring, _ name: String) throws(ShorthandError) -> Duration? {
            if field.isEmpty { return nil }
            if let seconds = Int64(field) { return .seconds(seconds) }
            if let parsed = DurationText.parse(String(field)) { return parsed }
            throw ShorthandError(message: "\(name) in \"\(text)\" is not a duration (write e.g. 30s or 5m)")
        }
        var result = KeepaliveShorthand()
        result.idle = try duration(fields[0], "idle")
        result.interval = try duration(fields[1], "interval")
        if !fields[2].isEmpty {
            guard let count = Int(fields[2]) else {
                throw ShorthandError(message: "count in \"\(text)\" is not a whole number")
            }
            result.count = count
        }
        return result
    }
}

/// Why a keepalive shorthand could not be read.
public struct ShorthandError: Error, Hashable, Sendable {
    public var message: String
}
