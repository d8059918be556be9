import KeepaliveCore

/// The keys that set one endpoint's connection behaviour. Each may stand in `[defaults]` or in an
/// `[[endpoint]]` table; these spellings are a contract with operators' files.
enum SettingKey: String, CaseIterable, Sendable {
    case keepalive
    case keepaliveIdle = "keepalive_idle"
    case keepaliveInterval = "keepalive_interval"
    case keepaliveCount = "keepalive_count"
    case userTimeout = "user_timeout"
    case connectTimeout = "connect_timeout"
    case reconnectInitial = "reconnect_initial"
    case reconnectMax = "reconnect_max"
    case reconnectJitter = "reconnect_jitter"
    case heartbeatSend = "heartbeat_send"
    case heartbeatSendHex = "heartbeat_send_hex"
    case heartbeatExpect = "heartbeat_expect"
    case heartbeatExpectHex = "heartbeat_expect_hex"
    case heartbeatInterval = "heartbeat_interval"
    case heartbeatTimeout = "heartbeat_timeout"
}

/// The keys only an `[[endpoint]]` table has.
enum EndpointKey: String, CaseIterable, Sendable {
    case name
    case address
}

/// The keys of the `[control]` table.
enum ControlKey: String, CaseIterable, Sendable {
    case socket
    case group
}

/// The keys of the `[metrics]` table.
enum MetricsKey: String, CaseIterable, Sendable {
    case listen
}

/// One table a configuration file may hold at the top level, with the keys it accepts.
struct ConfigTableSchema: Sendable {
    /// Whether the table is written once (`[name]`) or once per item (`[[name]]`).
    enum Shape: Sendable {
        case table
        case arrayOfTables
    }

    var name: String
    var shape: Shape
    var keys: [String]

    /// The table as its header is written, for messages.
    var header: String { shape == .table ? "[\(name)]" : "[[\(name)]]" }
}

/// Every table and key the loader accepts. A new top-level table (say `[control]`) is one more entry in
/// `tables` plus the code that reads it; unknown-key detection and suggestions pick it up from here.
enum ConfigSchema {
    static let defaults = ConfigTableSchema(name: "defaults", shape: .table, keys: SettingKey.allCases.map(\.rawValue))
    static let endpoint = ConfigTableSchema(
        name: "endpoint", shape: .arrayOfTables,
        keys: EndpointKey.allCases.map(\.rawValue) + SettingKey.allCases.map(\.rawValue))
    static let control = ConfigTableSchema(name: "control", shape: .table, keys: ControlKey.allCases.map(\.rawValue))
    static let metrics = ConfigTableSchema(name: "metrics", shape: .table, keys: MetricsKey.allCases.map(\.rawValue))
    static let tables: [ConfigTableSchema] = [defaults, endpoint, control, metrics]

    /// The message for `key` found in `table` (nil: the top level) but not allowed there: a close spelling
    /// when there is one, or the table where the key does belong.
    static func unknownKeyMessage(_ key: String, in table: ConfigTableSchema?) -> String {
        let allowed = table?.keys ?? tables.map(\.name)
        let place = table.map { " in \($0.header)" } ?? " at the top level"
        var message = "unknown key \(TOMLText.quoted(key))\(place)"
        if let suggestion = KeySuggestion.closest(to: key, among: allowed) {
            message += "; did you mean \(TOMLText.quoted(suggestion))?"
        } else if let home = tables.first(where: { $0.name != table?.name && $0.keys.contains(key) }) {
            message += "; \(TOMLText.quoted(key)) belongs in \(home.header)"
        } else {
            message += "; expected one of " + allowed.map(TOMLText.quoted).joined(separator: ", ")
        }
        return message
    }
}
