import KeepaliveConfig
import KeepaliveCore
import Testing

private let file = """
    [defaults]
    keepalive = "20s:4s:2"
    connect_timeout = "3s"

    [[endpoint]]
    name = "db"
    address = "10.0.0.5:5432"

    [[endpoint]]
    name = "own"
    address = "10.0.0.6:5432"
    keepalive_idle = "50s"
    """

@Suite("CommandLineOverrides")
struct CommandLineOverridesTests: ConfigFileSuite {
    @Test("without a file, --endpoint alone is a configuration with built-in defaults")
    func endpointsOnly() throws {
        let config = try ConfigLoader.load(
            text: nil,
            path: "ignored.toml",
            overrides: CommandLineOverrides(endpoints: ["db=10.0.0.5:5432", "web=[::1]:443"])
        )
        #expect(config.path == nil)
        #expect(config.endpoints.map(\.name) == ["db", "web"])
        #expect(config.endpoints[1].address == EndpointAddress(host: "::1", port: 443, kind: .ipv6))
        #expect(config.endpoints.allSatisfy { $0.keepalive == BuiltInDefaults.keepalive })
    }

    @Test("command-line endpoints come after the file's and take [defaults]")
    func mergedAfterFile() throws {
        let config = try ConfigLoader.load(
            text: file,
            path: "k.toml",
            overrides: CommandLineOverrides(endpoints: ["extra=extra.example:80"])
        )
        #expect(config.endpoints.map(\.name) == ["db", "own", "extra"])
        let extra = config.endpoints[2]
        #expect(extra.keepalive == KeepaliveSettings(idle: .seconds(20), interval: .seconds(4), count: 2))
        #expect(extra.connectTimeout == .seconds(3))
        #expect(extra.userTimeout == .seconds(28))
    }

    @Test("--keepalive replaces [defaults] field by field; an endpoint's own key still wins")
    func keepaliveOverride() throws {
        let config = try ConfigLoader.load(
            text: file,
            path: "k.toml",
            overrides: CommandLineOverrides(endpoints: ["extra=extra.example:80"], keepalive: "30s::6")
        )
        let settings = config.endpoints.map(\.keepalive)
        #expect(settings == [
            KeepaliveSettings(idle: .seconds(30), interval: .seconds(4), count: 6),
            KeepaliveSettings(idle: .seconds(50), interval: .seconds(4), count: 6),
            KeepaliveSettings(idle: .seconds(30), interval: .seconds(4), count: 6),
        ])
        #expect(config.endpoints[0].userTimeout == .seconds(54), "the computed user_timeout follows --keepalive")
    }

    @Test("--keepalive without a file replaces the built-in keepalive")
    func keepaliveWithoutFile() throws {
        let config = try ConfigLoader.load(
            text: nil,
            path: nil,
            overrides: CommandLineOverrides(endpoints: ["a=10.0.0.1:1"], keepalive: "1:1:1")
        )
        #expect(config.endpoints[0].keepalive == KeepaliveSettings(idle: .seconds(1), interval: .seconds(1), count: 1))
        #expect(config.endpoints[0].userTimeout == .seconds(2))
    }

    @Test("a bad --keepalive says what is wrong with each field")
    func badKeepalive() {
        #expect(problems(nil, overrides: CommandLineOverrides(endpoints: ["a=10.0.0.1:1"], keepalive: "0:1500ms:128")) == [
            "--keepalive: idle: expected whole seconds from 1s to 32767s, found 0s",
            "--keepalive: interval: expected whole seconds (the kernel counts keepalive time in seconds), found 1500ms",
            "--keepalive: count: expected an integer from 1 to 127, found 128",
        ])
        #expect(problems(nil, overrides: CommandLineOverrides(endpoints: ["a=10.0.0.1:1"], keepalive: "10s")) == [
            "--keepalive: expected IDLE:INTERVAL:COUNT such as \"30s:5s:3\", found \"10s\"",
        ])
    }

    @Test("malformed --endpoint values", arguments: [
        ("db", "--endpoint: expected NAME=HOST:PORT such as \"db=10.0.0.5:5432\", found \"db\""),
        ("db=10.0.0.5:0",
         "--endpoint: address in \"db=10.0.0.5:0\": port \"0\" in \"10.0.0.5:0\" is not a number from 1 to 65535"),
        ("db=10.0.0.5:99999",
         "--endpoint: address in \"db=10.0.0.5:99999\": port \"99999\" in \"10.0.0.5:99999\" is not a number "
            + "from 1 to 65535"),
        ("=10.0.0.5:1",
         "--endpoint: name in \"=10.0.0.5:1\": expected 1 to 64 letters, digits, \".\", \"_\" or \"-\", found \"\""),
    ])
    func badEndpoint(argument: String, expected: String) {
        #expect(problems(nil, overrides: CommandLineOverrides(endpoints: [argument])) == [expected])
    }

    @Test("a command-line name that repeats one from the file or the command line")
    func duplicateNames() {
        #expect(problems(file, overrides: CommandLineOverrides(endpoints: ["db=10.0.0.9:1", "x=10.0.0.9:2", "x=x:3"])) == [
            "--endpoint: duplicate endpoint name \"db\" (first defined at k.toml:6)",
            "--endpoint: duplicate endpoint name \"x\" (first defined by an earlier --endpoint)",
        ])
    }

    @Test("nothing to monitor without a file or --endpoint")
    func nothingAtAll() {
        #expect(problems(nil, overrides: CommandLineOverrides(keepalive: "10s:5s:3")) == [
            "--endpoint: no endpoints to monitor: pass --endpoint NAME=HOST:PORT or a configuration file "
                + "with [[endpoint]] tables",
        ])
    }

    @Test("file problems come first, then the command line's, all in one report")
    func fileAndCommandLine() {
        #expect(problems("x = = 1", overrides: CommandLineOverrides(endpoints: ["bad"], keepalive: "x")) == [
            "k.toml:1:5: Error while parsing value: could not determine value type",
            "--keepalive: expected IDLE:INTERVAL:COUNT such as \"30s:5s:3\", found \"x\"",
            "--endpoint: expected NAME=HOST:PORT such as \"db=10.0.0.5:5432\", found \"bad\"",
        ])
        let overrides = CommandLineOverrides(endpoints: ["db2=db:1"], keepalive: "0::")
        #expect(problems(file + "\nkeepalive_count = 0", overrides: overrides) == [
            "k.toml:13:19: keepalive_count: expected an integer from 1 to 127, found 0",
            "--keepalive: idle: expected whole seconds from 1s to 32767s, found 0s",
        ])
    }
}
