import KeepaliveConfig
import KeepaliveCore
import Testing

@Suite("The [metrics] table and --metrics-listen")
struct MetricsConfigTests: ConfigFileSuite {
    let endpoint = "[[endpoint]]\nname = \"db\"\naddress = \"10.0.0.5:5432\"\n"

    static let fileName = "m.toml"

    @Test("Off unless set")
    func offByDefault() throws {
        #expect(try load(endpoint).metrics == MetricsSettings(listen: nil))
    }

    @Test("IPv4 and bracketed IPv6 from the file; --metrics-listen wins")
    func fromFileAndFlag() throws {
        let v4 = try load("[metrics]\nlisten = \"127.0.0.1:9469\"\n" + endpoint)
        #expect(v4.metrics.listen == EndpointAddress(host: "127.0.0.1", port: 9469, kind: .ipv4))
        let v6 = try load("[metrics]\nlisten = \"[::1]:9469\"\n" + endpoint)
        #expect(v6.metrics.listen == EndpointAddress(host: "::1", port: 9469, kind: .ipv6))
        let flag = try load(
            "[metrics]\nlisten = \"127.0.0.1:9469\"\n" + endpoint,
            overrides: CommandLineOverrides(metricsListen: "0.0.0.0:9100"))
        #expect(flag.metrics.listen?.description == "0.0.0.0:9100")
    }

    @Test("Mistakes in [metrics] are located like any other, with file:line:column")
    func mistakes() {
        #expect(problems("[metrics]\nlisten = \"localhost:9469\"\n" + endpoint) == [
            "m.toml:2:10: listen: expected an IP address and port such as \"127.0.0.1:9469\" or \"[::1]:9469\", found \"localhost:9469\" (a name, not an address)"
        ])
        #expect(problems("[metrics]\nlisten = \"127.0.0.1:99999\"\n" + endpoint) == [
            "m.toml:2:10: listen: port \"99999\" in \"127.0.0.1:99999\" is not a number from 1 to 65535"
        ])
        #expect(problems("[metrics]\nlisten = 9469\n" + endpoint) == [
            "m.toml:2:10: listen: expected an IP address and port such as \"127.0.0.1:9469\" or \"[::1]:9469\", found integer 9469"
        ])
        #expect(problems("[metrics]\nlisen = \"127.0.0.1:9469\"\n" + endpoint) == [
            "m.toml:2:1: unknown key \"lisen\" in [metrics]; did you mean \"listen\"?"
        ])
        #expect(problems("metrics = \"127.0.0.1:9469\"\n" + endpoint) == [
            "m.toml:1:11: metrics must be a single table written [metrics], found string \"127.0.0.1:9469\""
        ])
    }

    @Test("A bad --metrics-listen names the flag")
    func badFlag() {
        #expect(problems(endpoint, overrides: CommandLineOverrides(metricsListen: "9469")) == [
            "--metrics-listen: expected HOST:PORT such as \"10.0.0.5:5432\", found \"9469\""
        ])
    }

    @Test("--check-config prints [metrics] when set, and the output loads back the same")
    func roundTrip() throws {
        let config = try load("[metrics]\nlisten = \"[::1]:9469\"\n" + endpoint)
        let printed = EffectiveConfigPrinter.render(config)
        #expect(printed.contains("\n[metrics]\nlisten = \"[::1]:9469\"\n"))
        let again = try ConfigLoader.load(text: printed, path: "m.toml", overrides: CommandLineOverrides())
        #expect(again.metrics == config.metrics)
        #expect(!EffectiveConfigPrinter.render(try load(endpoint)).contains("[metrics]"))
    }
}
