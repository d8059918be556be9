import KeepaliveCore

/// Parses and range-checks an `IDLE:INTERVAL:COUNT` shorthand, for the `keepalive` key and `--keepalive`
/// alike.
enum ShorthandValidation {
    /// What a shorthand says, field by field.
    struct Outcome {
        /// The fields the text sets, valid or not; nil when it does not parse.
        var written: KeepaliveShorthand?
        /// The fields that are set and within the kernel's limits.
        var valid: KeepaliveShorthand
        /// One per bad field, phrased `idle: expected …, found …` for the caller to prefix with where the
        /// shorthand came from.
        var problems: [String]
    }

    static func validate(_ text: String) -> Outcome {
        let parsed: KeepaliveShorthand
        do {
            parsed = try KeepaliveShorthand.parse(text)
        } catch {
            return Outcome(written: nil, valid: KeepaliveShorthand(), problems: [error.message])
        }
        var valid = KeepaliveShorthand()
        var problems: [String] = []
        if let idle = parsed.idle {
            if let problem = SettingLimits.keepaliveSeconds(idle) {
                problems.append("idle: \(problem), found \(SettingLimits.describe(idle))")
            } else {
                valid.idle = idle
            }
        }
        if let interval = parsed.interval {
            if let problem = SettingLimits.keepaliveSeconds(interval) {
                problems.append("interval: \(problem), found \(SettingLimits.describe(interval))")
            } else {
                valid.interval = interval
            }
        }
        if let count = parsed.count {
            if let problem = SettingLimits.keepaliveCount(count) {
                problems.append("count: \(problem), found \(count)")
            } else {
                valid.count = count
            }
        }
        return Outcome(written: parsed, valid: valid, problems: problems)
    }
}
