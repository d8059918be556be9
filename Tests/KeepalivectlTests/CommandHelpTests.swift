import ArgumentParser
import Foundation
import KeepaliveCore
import KeepaliveTestSupport
import Testing

@testable import keepalivectl

/// `--help` of keepalivectl and every subcommand, at 80 columns (what a pipe or an 80-column terminal shows).
@Suite("keepalivectl --help")
struct CommandHelpTests {
    static let commands: [(fixture: String, command: any ParsableCommand.Type)] = [
        ("keepalivectl-help.txt", Keepalivectl.self),
        ("keepalivectl-status-help.txt", Keepalivectl.Status.self),
        ("keepalivectl-watch-help.txt", Keepalivectl.Watch.self),
        ("keepalivectl-check-help.txt", Keepalivectl.Check.self),
        ("keepalivectl-info-help.txt", Keepalivectl.Info.self),
        ("keepalivectl-reload-help.txt", Keepalivectl.Reload.self),
        ("keepalivectl-reconnect-help.txt", Keepalivectl.Reconnect.self),
    ]

    @Test("Help in full sentences (golden)", arguments: commands.indices)
    func help(index: Int) throws {
        let (fixture, command) = Self.commands[index]
        let help = Keepalivectl.helpMessage(for: command, columns: 80)
        let golden = try Fixtures.text(fixture)
        #expect(help.trimmingCharacters(in: .newlines) == golden.trimmingCharacters(in: .newlines))
    }

    @Test("--version is the product version")
    func version() {
        #expect(Keepalivectl.configuration.version == ProductVersion.current)
    }

    @Test("Without a subcommand, keepalivectl shows the status table")
    func defaultSubcommand() throws {
        #expect(try Keepalivectl.parseAsRoot([]) is Keepalivectl.Status)
    }

    @Test("--socket beats $KEEPALIVE_MONITOR_SOCKET, which beats the default")
    func socketPath() throws {
        let explicit = try Keepalivectl.Status.parse(["--socket", "/tmp/explicit.socket"])
        #expect(explicit.connection.socketPath == "/tmp/explicit.socket")
        let fallback = try Keepalivectl.Status.parse([])
        let environment = ProcessInfo.processInfo.environment[ConnectionOptions.environmentVariable] ?? ""
        let expected = environment.isEmpty ? "/run/keepalive-monitor/control.socket" : environment
        #expect(fallback.connection.socketPath == expected)
    }

    @Test("--timeout must be positive")
    func timeout() throws {
        #expect(try Keepalivectl.Check.parse(["--timeout", "2"]).connection.client.timeout == .seconds(2))
        #expect(throws: (any Error).self) { try Keepalivectl.Check.parse(["--timeout", "0"]) }
    }

    @Test("A shell completion script comes from the same definitions", arguments: ["bash", "zsh", "fish"])
    func completions(shell: String) throws {
        let script = Keepalivectl.completionScript(for: try #require(CompletionShell(rawValue: shell)))
        for subcommand in ["status", "watch", "check", "info", "reload", "reconnect"] {
            #expect(script.contains(subcommand))
        }
    }
}
