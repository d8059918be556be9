import KeepaliveConfig
import KeepaliveCore
import Testing

/// The heartbeat keys: text or hex bytes, defaults, and every mistake with its line and column.
@Suite("ConfigLoader: heartbeat")
struct HeartbeatConfigTests: ConfigFileSuite {
    static let fileName = "h.toml"

    private let endpoint = """
        [[endpoint]]
        name = "cache"
        address = "10.0.0.6:6379"

        """

    @Test("Redis: text with TOML's escapes, the expected prefix, interval and timeout as written")
    func redis() throws {
        let config = try load(endpoint + """
            heartbeat_send = "PING\\r\\n"
            heartbeat_expect = "+PONG"
            heartbeat_interval = "45s"
            heartbeat_timeout = "1s"
            """)
        #expect(config.endpoints[0].heartbeat == HeartbeatSettings(
            request: Array("PING\r\n".utf8), expectedReply: Array("+PONG".utf8), interval: .seconds(45), timeout: .seconds(1)))
    }

    @Test("Hex bytes (the seed's 0x01 → 0x41), defaults for interval and timeout, [defaults] for all endpoints")
    func hexAndDefaults() throws {
        let config = try load("""
            [defaults]
            heartbeat_timeout = "250ms"

            """ + endpoint + """
            heartbeat_send_hex = "01"
            heartbeat_expect_hex = "41"
            """)
        #expect(config.endpoints[0].heartbeat == HeartbeatSettings(
            request: [0x01], expectedReply: [0x41], interval: HeartbeatSettings.defaultInterval, timeout: .milliseconds(250)))
    }

    @Test("No heartbeat keys, no heartbeat")
    func none() throws {
        #expect(try load(endpoint).endpoints[0].heartbeat == nil)
    }

    @Test("Mistakes name the key, what was expected and what was found", arguments: [
        ("heartbeat_send = \"PING\"\nheartbeat_send_hex = \"50\"",
         "h.toml:5:22: heartbeat_send and heartbeat_send_hex both set the same bytes; keep one of them"),
        ("heartbeat_send_hex = \"0g\"",
         "h.toml:4:22: heartbeat_send_hex: expected pairs of hex digits such as \"01\" or \"de ad\", found \"0g\""),
        ("heartbeat_send_hex = \"012\"",
         "h.toml:4:22: heartbeat_send_hex: expected pairs of hex digits (an odd number was written), found \"012\""),
        ("heartbeat_send = \"\"",
         "h.toml:4:18: heartbeat_send: expected at least one byte, found 0"),
        ("heartbeat_expect = \"+PONG\"",
         "h.toml:4:20: heartbeat_expect: expected heartbeat_send (or heartbeat_send_hex) too: a heartbeat needs its request"),
        ("heartbeat_send = \"PING\\r\\n\"\nheartbeat_interval = \"1s\"\nheartbeat_timeout = \"1s\"",
         "h.toml:6:21: heartbeat_timeout: expected less than heartbeat_interval (1s), found 1s"),
        ("heartbeat_send = \"x\"\nheartbeat_interval = \"10ms\"",
         "h.toml:5:22: heartbeat_interval: expected a duration from 100ms to 24h, found \"10ms\""),
        ("heartbeat_send = 1",
         "h.toml:4:18: heartbeat_send: expected a string such as \"PING\\r\\n\", found integer 1"),
    ])
    func mistakes(lines: String, expected: String) {
        #expect(problems(endpoint + lines) == [expected])
    }

    @Test("--check-config prints the heartbeat so that it loads back the same, binary bytes as hex")
    func effectiveConfig() throws {
        let config = try load(endpoint + """
            heartbeat_send_hex = "01 ff"
            heartbeat_expect = "A"
            """)
        let printed = EffectiveConfigPrinter.render(config)
        #expect(printed.contains("heartbeat_send_hex = \"01 ff\"\nheartbeat_expect = \"A\"\nheartbeat_interval = \"10s\"\nheartbeat_timeout = \"1s\"\n"))
        #expect(try ConfigLoader.load(text: printed, path: "again.toml", overrides: .init()).endpoints == config.endpoints)
    }
}
