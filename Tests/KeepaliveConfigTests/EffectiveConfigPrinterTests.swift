import KeepaliveConfig
import KeepaliveCore
import Testing

@Suite("EffectiveConfigPrinter")
struct EffectiveConfigPrinterTests {
    @Test("every setting is spelled out, under a header naming the source and the count")
    func golden() throws {
        let config = try ConfigLoader.load(
            text: """
                [defaults]
                keepalive = "30s::5"
                reconnect_jitter = 0

                [[endpoint]]
                name = "db"
                address = "10.0.0.5:5432"
                """,
            path: "/etc/keepalive-monitor/keepalive-monitor.toml",
            overrides: CommandLineOverrides(endpoints: ["cache=[2001:db8::10]:6379"])
        )
        #expect(EffectiveConfigPrinter.render(config) == """
            # keepalive-monitor effective configuration
            # Source: configuration file "/etc/keepalive-monitor/keepalive-monitor.toml" and the command line
            # 2 endpoints, every setting resolved.

            [control]
            socket = "/run/keepalive-monitor/control.socket"

            [[endpoint]]
            name = "db"
            address = "10.0.0.5:5432"
            keepalive_idle = "30s"
            keepalive_interval = "5s"
            keepalive_count = 5
            user_timeout = "55s"
            connect_timeout = "5s"
            reconnect_initial = "500ms"
            reconnect_max = "30s"
            reconnect_jitter = 0.0

            [[endpoint]]
            name = "cache"
            address = "[2001:db8::10]:6379"
            keepalive_idle = "30s"
            keepalive_interval = "5s"
            keepalive_count = 5
            user_timeout = "55s"
            connect_timeout = "5s"
            reconnect_initial = "500ms"
            reconnect_max = "30s"
            reconnect_jitter = 0.0

            """)
    }

    @Test("the header says when there is no configuration file")
    func commandLineOnly() throws {
        let config = try ConfigLoader.load(
            text: nil,
            path: nil,
            overrides: CommandLineOverrides(endpoints: ["a=a.example:1"])
        )
        let header = EffectiveConfigPrinter.render(config).split(separator: "\n").prefix(3)
        #expect(header == [
            "# keepalive-monitor effective configuration",
            "# Source: the command line (no configuration file)",
            "# 1 endpoint, every setting resolved.",
        ])
    }

    @Test("loading the output gives back the same endpoints", arguments: [
        """
        [[endpoint]]
        name = "plain"
        address = "10.0.0.5:1"
        """,
        """
        [defaults]
        keepalive = "1:1:1"
        user_timeout = "0s"
        connect_timeout = "1m30s"
        reconnect_initial = "1ms"
        reconnect_max = "24h"
        reconnect_jitter = 0.123456789

        [[endpoint]]
        name = "zone"
        address = "[fe80::1]:65535"

        [[endpoint]]
        name = "A.b_c-9"
        address = "a-b.example:80"
        keepalive = "32767s:32767s:127"
        reconnect_jitter = 1
        user_timeout = "2147483647ms"

        [[endpoint]]
        name = "ms"
        address = "[::ffff:10.0.0.1]:2"
        user_timeout = "1m1s1ms"
        reconnect_jitter = 1e-05
        """,
    ])
    func roundTrip(text: String) throws {
        let config = try ConfigLoader.load(text: text, path: "original.toml", overrides: .init())
        let rendered = EffectiveConfigPrinter.render(config)
        let reloaded = try ConfigLoader.load(text: rendered, path: "rendered.toml", overrides: .init())
        #expect(reloaded.endpoints == config.endpoints, "\(rendered)")
    }

    @Test("the example configuration survives a round trip")
    func exampleRoundTrip() throws {
        let config = try ExampleConfig.load()
        let reloaded = try ConfigLoader.load(
            text: EffectiveConfigPrinter.render(config),
            path: "rendered.toml",
            overrides: .init()
        )
        #expect(reloaded.endpoints == config.endpoints)
    }

    @Test("strings are escaped, so even text no validated config holds stays valid TOML")
    func escaping() throws {
        let config = MonitorConfig(
            endpoints: [
                EndpointConfig(
                    name: "z",
                    address: EndpointAddress(host: "fe80::1%a\"b\\c", port: 1, kind: .ipv6),
                    keepalive: BuiltInDefaults.keepalive,
                    userTimeout: .seconds(25),
                    connectTimeout: .seconds(5),
                    reconnect: BuiltInDefaults.reconnect
                ),
            ],
            path: "/tmp/odd\n[[endpoint]]"
        )
        let rendered = EffectiveConfigPrinter.render(config)
        #expect(rendered.contains(#"address = "[fe80::1%a\"b\\c]:1""#))
        #expect(rendered.contains(#"# Source: configuration file "/tmp/odd\n[[endpoint]]" and the command line"#))
        // Still TOML: the loader parses it and objects only to the address itself, at its line.
        #expect(throws: ConfigErrors.self) { try ConfigLoader.load(text: rendered, path: "r.toml", overrides: .init()) }
        do {
            _ = try ConfigLoader.load(text: rendered, path: "r.toml", overrides: .init())
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.diagnostics.first?.message.hasPrefix("address:") == true, "\(error)")
        }
    }
}
