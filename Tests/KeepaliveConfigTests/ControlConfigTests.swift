import KeepaliveConfig
import KeepaliveCore
import Testing

@Suite("The [control] table and --control-socket")
struct ControlConfigTests: ConfigFileSuite {
    let endpoint = "[[endpoint]]\nname = \"db\"\naddress = \"10.0.0.5:5432\"\n"

    static let fileName = "m.toml"

    @Test("Defaults: the runtime directory's socket, the daemon's own group")
    func defaults() throws {
        let config = try load(endpoint)
        #expect(config.control == ControlSettings(socketPath: "/run/keepalive-monitor/control.socket", group: nil))
    }

    @Test("Socket and group from the file; --control-socket wins")
    func fromFile() throws {
        let text = "[control]\nsocket = \"/run/km/c.sock\"\ngroup = \"monitoring\"\n" + endpoint
        #expect(try load(text).control == ControlSettings(socketPath: "/run/km/c.sock", group: "monitoring"))
        let overridden = try load(text, overrides: CommandLineOverrides(controlSocket: "/tmp/x.sock"))
        #expect(overridden.control.socketPath == "/tmp/x.sock")
        #expect(overridden.control.group == "monitoring")
    }

    @Test("Mistakes in [control] are located like any other")
    func mistakes() {
        let text = "[control]\nsocket = \"relative.sock\"\ngroup = \"-bad\"\nmode = \"0600\"\n" + endpoint
        let errors = #expect(throws: ConfigErrors.self) { try load(text) }
        #expect(errors?.diagnostics.map(\.description) == [
            "m.toml:2:10: socket: expected an absolute path such as \"/run/keepalive-monitor/control.socket\", found \"relative.sock\"",
            "m.toml:3:9: group: expected a group name of 1 to 32 letters, digits, \"_\" or \"-\", not starting with \"-\", found \"-bad\"",
            "m.toml:4:1: unknown key \"mode\" in [control]; expected one of \"socket\", \"group\"",
        ])
        #expect(throws: ConfigErrors.self) {
            try load(endpoint, overrides: CommandLineOverrides(controlSocket: "/" + String(repeating: "x", count: 120)))
        }
    }

    @Test("--check-config shows the control settings, and they load back")
    func printed() throws {
        let config = try load("[control]\ngroup = \"monitoring\"\n" + endpoint)
        let printed = EffectiveConfigPrinter.render(config)
        #expect(printed.contains("[control]\nsocket = \"/run/keepalive-monitor/control.socket\"\ngroup = \"monitoring\"\n"))
        #expect(try load(printed).control == config.control)
    }
}
