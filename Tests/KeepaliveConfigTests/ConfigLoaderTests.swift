import Foundation
import KeepaliveConfig
import KeepaliveCore
import KeepaliveTestSupport
import Testing

/// One valid endpoint, to append after a `[defaults]` under test.
private let validEndpoint = """
    [[endpoint]]
    name = "db"
    address = "10.0.0.5:5432"
    """

@Suite("ConfigLoader: resolution")
struct ConfigResolutionTests: ConfigFileSuite {
    @Test("an endpoint with only name and address gets every built-in default")
    func builtInDefaults() throws {
        let config = try load(validEndpoint)
        #expect(config.path == "k.toml")
        let endpoint = try #require(config.endpoints.first)
        #expect(endpoint.name == "db")
        #expect(endpoint.address == EndpointAddress(host: "10.0.0.5", port: 5432, kind: .ipv4))
        #expect(endpoint.keepalive == BuiltInDefaults.keepalive)
        #expect(endpoint.userTimeout == .seconds(25))
        #expect(endpoint.connectTimeout == BuiltInDefaults.connectTimeout)
        #expect(endpoint.reconnect == BuiltInDefaults.reconnect)
    }

    @Test("the endpoint's key wins over [defaults], which wins over the built-in default")
    func precedence() throws {
        let config = try load("""
            [defaults]
            keepalive_idle = "20s"
            keepalive_count = 4
            connect_timeout = "2s"
            reconnect_jitter = 0

            [[endpoint]]
            name = "own"
            address = "10.0.0.5:1"
            keepalive_idle = "40s"
            reconnect_initial = "1s"
            reconnect_max = "1m"

            [[endpoint]]
            name = "inherits"
            address = "10.0.0.6:1"
            """)
        let own = config.endpoints[0]
        #expect(own.keepalive == KeepaliveSettings(idle: .seconds(40), interval: .seconds(5), count: 4))
        #expect(own.connectTimeout == .seconds(2))
        #expect(own.reconnect == ReconnectPolicy(initial: .seconds(1), maximum: .seconds(60), jitter: 0))
        let inherits = config.endpoints[1]
        #expect(inherits.keepalive == KeepaliveSettings(idle: .seconds(20), interval: .seconds(5), count: 4))
        #expect(inherits.reconnect == ReconnectPolicy(initial: .milliseconds(500), maximum: .seconds(30), jitter: 0))
    }

    @Test("empty shorthand fields fall back to [defaults], then to the built-in default")
    func shorthandFallback() throws {
        let config = try load("""
            [defaults]
            keepalive = ":7s:"
            keepalive_count = 6

            [[endpoint]]
            name = "db"
            address = "db.example:5432"
            keepalive = "30::"
            """)
        let endpoint = try #require(config.endpoints.first)
        #expect(endpoint.keepalive == KeepaliveSettings(idle: .seconds(30), interval: .seconds(7), count: 6))
        #expect(endpoint.address.kind == .dnsName)
    }

    @Test("a shorthand field left empty may be set by its own key in the same table")
    func shorthandWithSeparateKeyForEmptyField() throws {
        let config = try load("""
            [[endpoint]]
            name = "db"
            address = "10.0.0.5:5432"
            keepalive = "30s::5"
            keepalive_interval = "10s"
            """)
        let expected = KeepaliveSettings(idle: .seconds(30), interval: .seconds(10), count: 5)
        #expect(config.endpoints[0].keepalive == expected)
    }

    @Test("user_timeout follows each endpoint's own keepalive unless set")
    func userTimeoutDefault() throws {
        let config = try load("""
            [[endpoint]]
            name = "computed"
            address = "10.0.0.5:1"
            keepalive = "60s:10s:4"

            [[endpoint]]
            name = "explicit"
            address = "10.0.0.5:2"
            keepalive = "60s:10s:4"
            user_timeout = "1m30s"

            [[endpoint]]
            name = "off"
            address = "10.0.0.5:3"
            user_timeout = "0s"
            """)
        #expect(config.endpoints.map(\.userTimeout) == [.seconds(100), .seconds(90), .zero])
    }

    @Test("user_timeout in [defaults] wins over the computed default")
    func userTimeoutFromDefaults() throws {
        let config = try load("""
            [defaults]
            user_timeout = "250ms"

            \(validEndpoint)
            keepalive = "60s:10s:4"
            """)
        #expect(config.endpoints[0].userTimeout == .milliseconds(250))
    }

    @Test("the computed user_timeout stops at the kernel's limit")
    func userTimeoutCapped() throws {
        let config = try load("""
            \(validEndpoint)
            keepalive = "32767s:32767s:127"
            """)
        #expect(config.endpoints[0].userTimeout == .milliseconds(2_147_483_647))
    }

    @Test("limits are inclusive, and the value at the limit is the one kept", arguments: [
        ("keepalive = \"1s:1s:1\"", "1s:1s:1"),
        ("keepalive = \"32767s:32767s:127\"", "32767s:32767s:127"),
        ("user_timeout = \"2147483647ms\"", "2147483647ms"),
        ("connect_timeout = \"1h\"", "1h"),
        ("reconnect_initial = \"1ms\"", "1ms"),
        ("reconnect_max = \"24h\"", "24h"),
        ("reconnect_jitter = 1", "1.0"),
        ("reconnect_jitter = 1.0", "1.0"),
        ("reconnect_jitter = 0.0", "0.0"),
    ])
    func inclusiveLimits(line: String, kept: String) throws {
        let endpoint = try #require(try load("\(validEndpoint)\n\(line)").endpoints.first)
        let key = line.prefix { $0 != " " }
        let value: String
        switch key {
        case "keepalive": value = endpoint.keepalive.shorthand
        case "user_timeout": value = DurationText.format(endpoint.userTimeout)
        case "connect_timeout": value = DurationText.format(endpoint.connectTimeout)
        case "reconnect_initial": value = DurationText.format(endpoint.reconnect.initial)
        case "reconnect_max": value = DurationText.format(endpoint.reconnect.maximum)
        default: value = "\(endpoint.reconnect.jitter)"
        }
        #expect(value == kept, "\(line)")
    }

    @Test("endpoints may be an inline array of inline tables")
    func inlineEndpoints() throws {
        let config = try load(#"endpoint = [{ name = "a", address = "[::1]:80" }, { name = "b", address = "b:1" }]"#)
        #expect(config.endpoints.map(\.name) == ["a", "b"])
        #expect(config.endpoints[0].address.kind == .ipv6)
    }

    @Test("the example configuration in config/ loads")
    func exampleFile() throws {
        let config = try ExampleConfig.load()
        #expect(config.endpoints.map(\.address.kind) == [.ipv4, .ipv6, .dnsName])
        #expect(config.endpoints.map(\.name) == ["db", "cache", "api"])
        #expect(config.endpoints[0].keepalive == BuiltInDefaults.keepalive)
        #expect(config.endpoints.map(\.userTimeout) == [.seconds(25), .seconds(80), .seconds(60)])
    }
}

@Suite("ConfigLoader: diagnostics")
struct ConfigDiagnosticsTests: ConfigFileSuite {
    @Test("diagnostics print as FILE:LINE:COLUMN: message, or SOURCE: message without a position")
    func descriptionFormat() {
        #expect(ConfigDiagnostic(source: "a.toml", line: 3, column: 7, message: "m").description == "a.toml:3:7: m")
        #expect(ConfigDiagnostic(source: "--endpoint", message: "m").description == "--endpoint: m")
        let errors = ConfigErrors(diagnostics: [
            ConfigDiagnostic(source: "a", line: 1, column: 1, message: "x"),
            ConfigDiagnostic(source: "b", message: "y"),
        ])
        #expect(errors.description == "a:1:1: x\nb: y")
    }

    @Test("a TOML syntax error is reported where the parser stopped")
    func syntaxError() {
        #expect(problems("""
            [defaults]
            keepalive_idle = "10s
            """) == [
            "k.toml:2:22: Error while parsing string: encountered end-of-file",
        ])
    }

    @Test("a NUL byte is reported where it stands, since the parser would stop reading there")
    func nulByte() {
        #expect(problems("[defaults]\nconnect_timeout = \"5s\"\0\n\(validEndpoint)") == [
            "k.toml:2:23: unexpected NUL byte",
        ])
    }

    @Test("a 20-digit integer is a syntax error, not a trap")
    func hugeInteger() {
        #expect(problems("""
            [defaults]
            keepalive_count = 12345678901234567890
            """) == [
            "k.toml:2:39: Error while parsing decimal integer: '12345678901234567890' is not representable in 64 bits",
        ])
    }

    @Test("integers at the edge of Int64 are range errors")
    func extremeIntegers() {
        #expect(problems("""
            [defaults]
            keepalive_count = 9223372036854775807
            reconnect_jitter = -9223372036854775808
            \(validEndpoint)
            """) == [
            "k.toml:2:19: keepalive_count: expected an integer from 1 to 127, found 9223372036854775807",
            "k.toml:3:20: reconnect_jitter: expected a number from 0 to 1, found -9223372036854775808",
        ])
    }

    @Test("an absurd number in the shorthand is a range error, not a trap")
    func absurdShorthand() {
        #expect(problems("""
            \(validEndpoint)
            keepalive = "9223372036854775807:99999999999999999:3"
            """) == [
            "k.toml:4:13: keepalive: idle: expected whole seconds from 1s to 32767s, found 9223372036854775807s",
            "k.toml:4:13: keepalive: interval: expected whole seconds from 1s to 32767s, found 99999999999999999s",
        ])
    }

    @Test("unknown keys are reported with a suggestion", arguments: [
        ("[defaults]\nkeepalive_intervall = \"5s\"\n\(validEndpoint)",
         "k.toml:2:1: unknown key \"keepalive_intervall\" in [defaults]; did you mean \"keepalive_interval\"?"),
        ("\(validEndpoint)\nKeepalive_Idle = \"5s\"",
         "k.toml:4:1: unknown key \"Keepalive_Idle\" in [[endpoint]]; did you mean \"keepalive_idle\"?"),
        ("\(validEndpoint)\nidle = \"5s\"",
         "k.toml:4:1: unknown key \"idle\" in [[endpoint]]; did you mean \"keepalive_idle\"?"),
        ("[defaults]\nname = \"x\"\n\(validEndpoint)",
         "k.toml:2:1: unknown key \"name\" in [defaults]; \"name\" belongs in [[endpoint]]"),
        ("[defualts]\n\(validEndpoint)",
         "k.toml:1:1: unknown key \"defualts\" at the top level; did you mean \"defaults\"?"),
        ("[alerts]\nwebhook = \"/run/x\"\n\(validEndpoint)",
         "k.toml:1:1: unknown key \"alerts\" at the top level; expected one of \"defaults\", \"endpoint\", \"control\", \"metrics\""),
        ("\(validEndpoint)\nprobes.count = 3",
         "k.toml:4:1: unknown key \"probes\" in [[endpoint]]; expected one of \"name\", \"address\", \"keepalive\", "
            + "\"keepalive_idle\", \"keepalive_interval\", \"keepalive_count\", \"user_timeout\", \"connect_timeout\", "
            + "\"reconnect_initial\", \"reconnect_max\", \"reconnect_jitter\", \"heartbeat_send\", \"heartbeat_send_hex\", "
            + "\"heartbeat_expect\", \"heartbeat_expect_hex\", \"heartbeat_interval\", \"heartbeat_timeout\""),
    ])
    func unknownKey(text: String, expected: String) {
        #expect(problems(text) == [expected])
    }

    @Test("values of the wrong type name what was expected and what was found", arguments: [
        ("keepalive_count = \"3\"",
         "k.toml:4:19: keepalive_count: expected an integer from 1 to 127, found string \"3\""),
        ("keepalive_count = 3.0",
         "k.toml:4:19: keepalive_count: expected an integer from 1 to 127, found float 3.0"),
        ("keepalive_idle = 10",
         "k.toml:4:18: keepalive_idle: expected a duration such as \"30s\", \"250ms\" or \"1m30s\", found integer 10"),
        ("keepalive = 10",
         "k.toml:4:13: keepalive: expected a string IDLE:INTERVAL:COUNT such as \"10s:5s:3\", found integer 10"),
        ("reconnect_jitter = \"0.2\"",
         "k.toml:4:20: reconnect_jitter: expected a number from 0 to 1, found string \"0.2\""),
        ("connect_timeout = true",
         "k.toml:4:19: connect_timeout: expected a duration such as \"30s\", \"250ms\" or \"1m30s\", "
            + "found boolean true"),
        ("user_timeout = [\"1s\"]",
         "k.toml:4:16: user_timeout: expected a duration such as \"30s\", \"250ms\" or \"1m30s\", found an array"),
        ("keepalive.idle = \"1s\"",
         "k.toml:4:1: keepalive: expected a string IDLE:INTERVAL:COUNT such as \"10s:5s:3\", found a table"),
    ])
    func wrongType(line: String, expected: String) {
        #expect(problems("\(validEndpoint)\n\(line)") == [expected])
    }

    @Test("name and address of the wrong type")
    func wrongTypeNameAddress() {
        #expect(problems("""
            [[endpoint]]
            name = 1
            address = 5432
            """) == [
            "k.toml:2:8: name: expected a string of 1 to 64 letters, digits, \".\", \"_\" or \"-\", found integer 1",
            "k.toml:3:11: address: expected a string HOST:PORT such as \"10.0.0.5:5432\", found integer 5432",
        ])
    }

    @Test("values out of the kernel's range", arguments: [
        ("keepalive_count = 0", "k.toml:4:19: keepalive_count: expected an integer from 1 to 127, found 0"),
        ("keepalive_count = 128", "k.toml:4:19: keepalive_count: expected an integer from 1 to 127, found 128"),
        ("keepalive_idle = \"0s\"",
         "k.toml:4:18: keepalive_idle: expected whole seconds from 1s to 32767s, found \"0s\""),
        ("keepalive_idle = \"32768s\"",
         "k.toml:4:18: keepalive_idle: expected whole seconds from 1s to 32767s, found \"32768s\""),
        ("keepalive_idle = \"1500ms\"",
         "k.toml:4:18: keepalive_idle: expected whole seconds (the kernel counts keepalive time in seconds), "
            + "found \"1500ms\""),
        ("keepalive_interval = \"10h\"",
         "k.toml:4:22: keepalive_interval: expected whole seconds from 1s to 32767s, found \"10h\""),
        ("keepalive = \"0:5s:3\"", "k.toml:4:13: keepalive: idle: expected whole seconds from 1s to 32767s, found 0s"),
        ("keepalive = \"10s:32768:3\"",
         "k.toml:4:13: keepalive: interval: expected whole seconds from 1s to 32767s, found 32768s"),
        ("keepalive = \"10s:5s:0\"", "k.toml:4:13: keepalive: count: expected an integer from 1 to 127, found 0"),
        ("keepalive = \"10s:5s:128\"", "k.toml:4:13: keepalive: count: expected an integer from 1 to 127, found 128"),
        ("keepalive = \"10s:5s\"",
         "k.toml:4:13: keepalive: expected IDLE:INTERVAL:COUNT such as \"30s:5s:3\", found \"10s:5s\""),
        ("user_timeout = \"2147483648ms\"",
         "k.toml:4:16: user_timeout: expected a duration from 0s (off) to 2147483647ms (about 24.8 days), "
            + "found \"2147483648ms\""),
        ("connect_timeout = \"0s\"",
         "k.toml:4:19: connect_timeout: expected a duration greater than 0s and at most 1h, found \"0s\""),
        ("connect_timeout = \"1h1s\"",
         "k.toml:4:19: connect_timeout: expected a duration greater than 0s and at most 1h, found \"1h1s\""),
        ("reconnect_initial = \"0ms\"",
         "k.toml:4:21: reconnect_initial: expected a duration greater than 0s and at most 24h, found \"0ms\""),
        ("reconnect_max = \"25h\"",
         "k.toml:4:17: reconnect_max: expected a duration greater than 0s and at most 24h, found \"25h\""),
        ("reconnect_jitter = 1.5", "k.toml:4:20: reconnect_jitter: expected a number from 0 to 1, found 1.5"),
        ("reconnect_jitter = -0.1", "k.toml:4:20: reconnect_jitter: expected a number from 0 to 1, found -0.1"),
        ("reconnect_jitter = nan", "k.toml:4:20: reconnect_jitter: expected a number from 0 to 1, found nan"),
        ("reconnect_jitter = 2", "k.toml:4:20: reconnect_jitter: expected a number from 0 to 1, found 2"),
    ])
    func outOfRange(line: String, expected: String) {
        #expect(problems("\(validEndpoint)\n\(line)") == [expected])
    }

    @Test("bad durations", arguments: [
        ("connect_timeout = \"5\"", "\"5\""),
        ("connect_timeout = \"5 s\"", "\"5 s\""),
        ("connect_timeout = \"5sec\"", "\"5sec\""),
        ("connect_timeout = \"\"", "\"\""),
        ("connect_timeout = \"-5s\"", "\"-5s\""),
    ])
    func badDuration(line: String, found: String) {
        #expect(problems("\(validEndpoint)\n\(line)") == [
            "k.toml:4:19: connect_timeout: expected a duration such as \"30s\", \"250ms\" or \"1m30s\", found \(found)",
        ])
    }

    @Test("bad addresses carry the address parser's sentence", arguments: [
        ("10.0.0.5:0", "port \"0\" in \"10.0.0.5:0\" is not a number from 1 to 65535"),
        ("10.0.0.5:99999", "port \"99999\" in \"10.0.0.5:99999\" is not a number from 1 to 65535"),
        ("10.0.0.5", "expected HOST:PORT such as \"10.0.0.5:5432\", found \"10.0.0.5\""),
        ("::1:80", "write IPv6 addresses in brackets: \"[::1]:80\""),
    ])
    func badAddress(address: String, message: String) {
        #expect(problems("""
            [[endpoint]]
            name = "db"
            address = "\(address)"
            """) == ["k.toml:3:11: address: \(message)"])
    }

    @Test("bad names", arguments: ["", "db x", "db/1", String(repeating: "a", count: 65), "düsseldorf"])
    func badName(name: String) {
        #expect(problems("""
            [[endpoint]]
            name = "\(name)"
            address = "10.0.0.5:1"
            """) == [
            "k.toml:2:8: name: expected 1 to 64 letters, digits, \".\", \"_\" or \"-\", found \"\(name)\"",
        ])
    }

    @Test("a duplicate name points back at the first")
    func duplicateName() {
        #expect(problems("""
            # two endpoints, one name

            [[endpoint]]
            name = "db"
            address = "10.0.0.5:5432"

            [[endpoint]]
            address = "10.0.0.6:5432"
            name = "db"
            """) == ["k.toml:9:8: duplicate endpoint name \"db\" (first defined at line 4)"])
    }

    @Test("a missing name or address is reported at the [[endpoint]] header")
    func missingNameAndAddress() {
        #expect(problems("""
            [[endpoint]]
            name = "db"

              [[endpoint]]
            address = "10.0.0.5:5432"

            [[endpoint]]
            """) == [
            "k.toml:1:1: missing required key \"address\" in [[endpoint]] \"db\"",
            "k.toml:4:3: missing required key \"name\" in [[endpoint]]",
            "k.toml:7:1: missing required key \"name\" in [[endpoint]]",
            "k.toml:7:1: missing required key \"address\" in [[endpoint]]",
        ])
    }

    @Test("the shorthand and a separate key for the same field conflict, reported at the later one")
    func shorthandConflicts() {
        #expect(problems("""
            [defaults]
            keepalive = "10s:5s:3"
            keepalive_idle = "20s"

            [[endpoint]]
            name = "db"
            address = "10.0.0.5:5432"
            keepalive_count = 4
            keepalive_interval = "2s"
            keepalive = "30s:5s:3"
            """) == [
            "k.toml:3:18: keepalive and keepalive_idle both set the keepalive idle time; keep one of them",
            "k.toml:10:13: keepalive and keepalive_interval both set the keepalive probe interval; keep one of them",
            "k.toml:10:13: keepalive and keepalive_count both set the keepalive probe count; keep one of them",
        ])
    }

    @Test("reconnect_max below reconnect_initial blames the one that was written")
    func reconnectOrder() {
        #expect(problems("""
            [defaults]
            reconnect_initial = "1m"

            [[endpoint]]
            name = "a"
            address = "10.0.0.5:1"

            [[endpoint]]
            name = "b"
            address = "10.0.0.5:2"

            [[endpoint]]
            name = "c"
            address = "10.0.0.5:3"
            reconnect_initial = "1s"
            reconnect_max = "500ms"
            """) == [
            "k.toml:2:21: reconnect_initial: expected at most reconnect_max (30s), found 1m",
            "k.toml:16:17: reconnect_max: expected at least reconnect_initial (1s), found 500ms",
        ])
    }

    @Test("endpoint written as a single table")
    func endpointNotArray() {
        #expect(problems("""
            [defaults]
            keepalive = "10s:5s:3"

            [endpoint]
            name = "db"
            address = "10.0.0.5:5432"
            """) == [
            "k.toml:4:1: endpoint must be an array of tables: write [[endpoint]] (double brackets) once per upstream, "
                + "found a single [endpoint] table",
        ])
    }

    @Test("endpoint and defaults of the wrong shape")
    func wrongShapes() {
        #expect(problems("""
            endpoint = "db"
            [[defaults]]
            """) == [
            "k.toml:1:12: endpoint must be an array of tables: write [[endpoint]] (double brackets) once per upstream, "
                + "found string \"db\"",
            "k.toml:2:1: defaults must be a single table written [defaults], found [[defaults]]",
        ])
        #expect(problems(#"endpoint = ["db"]"#) == [
            "k.toml:1:12: endpoint: expected [[endpoint]] tables, found string \"db\"",
        ])
    }

    @Test("a file without endpoints", arguments: ["", "# nothing\n[defaults]\n", "endpoint = []"])
    func noEndpoints(text: String) {
        #expect(problems(text) == [
            "k.toml: no endpoints to monitor: add an [[endpoint]] table with name and address, "
                + "or pass --endpoint NAME=HOST:PORT",
        ])
    }

    @Test("every mistake in a file is reported at once, in file order")
    func severalAtOnce() {
        #expect(problems("""
            [defaults]
            keepalive_intervall = "5s"
            keepalive_count = 0
            connect_timeout = "soon"

            [[endpoint]]
            name = "db"
            address = "10.0.0.5:99999"
            keepalive_idle = "1500ms"

            [[endpoint]]
            name = "db"
            address = "[fe80::1]:5432"

            [[endpoint]]
            address = "cache.internal:6379"
            """) == [
            "k.toml:2:1: unknown key \"keepalive_intervall\" in [defaults]; did you mean \"keepalive_interval\"?",
            "k.toml:3:19: keepalive_count: expected an integer from 1 to 127, found 0",
            "k.toml:4:19: connect_timeout: expected a duration such as \"30s\", \"250ms\" or \"1m30s\", found \"soon\"",
            "k.toml:8:11: address: port \"99999\" in \"10.0.0.5:99999\" is not a number from 1 to 65535",
            "k.toml:9:18: keepalive_idle: expected whole seconds (the kernel counts keepalive time in seconds), "
                + "found \"1500ms\"",
            "k.toml:12:8: duplicate endpoint name \"db\" (first defined at line 7)",
            "k.toml:15:1: missing required key \"name\" in [[endpoint]]",
        ])
    }

    @Test("a problem in [defaults] shared by many endpoints is reported once")
    func sharedProblemOnce() {
        #expect(problems("""
            [defaults]
            reconnect_max = "100ms"
            [[endpoint]]
            name = "a"
            address = "10.0.0.5:1"
            [[endpoint]]
            name = "b"
            address = "10.0.0.5:2"
            """) == ["k.toml:2:17: reconnect_max: expected at least reconnect_initial (500ms), found 100ms"])
    }

    @Test("problems in inline endpoint tables point at the endpoint key")
    func inlineEndpointProblems() {
        #expect(problems(#"endpoint = [{ name = "a", address = "a:0" }]"#) == [
            "k.toml:1:1: address: port \"0\" in \"a:0\" is not a number from 1 to 65535",
        ])
    }

    @Test("text without a path is named <config>")
    func unnamedSource() throws {
        #expect(throws: ConfigErrors.self) { try ConfigLoader.load(text: "x = 1", path: nil, overrides: .init()) }
        let missingAddress = #expect(throws: ConfigErrors.self) {
            try ConfigLoader.load(text: "[[endpoint]]\nname = \"a\"", path: nil, overrides: .init())
        }
        #expect(missingAddress?.description == "<config>:1:1: missing required key \"address\" in [[endpoint]] \"a\"")
        let config = try ConfigLoader.load(text: validEndpoint, path: nil, overrides: .init())
        #expect(config.path == nil)
    }
}

/// The operators' example, `config/keepalive-monitor.toml`.
enum ExampleConfig {
    static let path = TestFixtures.repository.appendingPathComponent("config/keepalive-monitor.toml").path

    static func load() throws -> MonitorConfig {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try ConfigLoader.load(text: text, path: path, overrides: .init())
    }
}
