import ArgumentParser
import Foundation
import KeepaliveControl
import KeepaliveTestSupport
import Testing

@testable import keepalivectl

/// `--socket`, `--timeout` and `--json` before or after the subcommand, as operators type them
/// (`systemctl -H host status`, `chronyc -h host sources`); a subcommand's name is never read as a peer's.
@Suite("keepalivectl options before or after the subcommand")
struct OptionOrderTests {
    /// Every subcommand with the arguments it needs.
    static let subcommands: [[String]] = [
        ["status"], ["status", "db"], ["watch"], ["check"], ["info"], ["reload"], ["reconnect", "db"],
    ]

    /// The subcommands that print data, and so take `--json`.
    static let printing = ["status", "watch", "check", "info"]

    static func connection(of command: any ParsableCommand) -> ConnectionOptions? {
        switch command {
        case let command as Keepalivectl.Status: command.connection
        case let command as Keepalivectl.Watch: command.connection
        case let command as Keepalivectl.Check: command.connection
        case let command as Keepalivectl.Info: command.connection
        case let command as Keepalivectl.Reload: command.connection
        case let command as Keepalivectl.Reconnect: command.connection
        default: nil
        }
    }

    static func json(of command: any ParsableCommand) -> Bool? {
        switch command {
        case let command as Keepalivectl.Status: command.output.json
        case let command as Keepalivectl.Watch: command.output.json
        case let command as Keepalivectl.Check: command.output.json
        case let command as Keepalivectl.Info: command.output.json
        default: nil
        }
    }

    @Test("--socket and --timeout reach every subcommand from either side of it", arguments: subcommands)
    func connectionOptions(subcommand: [String]) throws {
        let options = ["--socket", "/tmp/given.socket", "--timeout", "7"]
        let joined = ["--socket=/tmp/given.socket"] + subcommand + ["--timeout=7"]
        for arguments in [options + subcommand, subcommand + options, joined] {
            let command = try Keepalivectl.parseAsRoot(arguments)
            #expect("\(type(of: command))" == subcommand[0].capitalized, "\(arguments)")
            let connection = try #require(Self.connection(of: command), "\(arguments)")
            #expect(connection.socketPath == "/tmp/given.socket", "\(arguments)")
            #expect(connection.timeout == 7, "\(arguments)")
        }
    }

    @Test("--json reaches status, watch, check and info from either side", arguments: Self.printing)
    func json(subcommand: String) throws {
        let orders = [["--json", subcommand], [subcommand, "--json"], ["--socket", "/tmp/s", "--json", subcommand]]
        for arguments in orders {
            let command = try Keepalivectl.parseAsRoot(arguments)
            #expect(Self.json(of: command) == true, "\(arguments)")
        }
        #expect(Self.json(of: try Keepalivectl.parseAsRoot([subcommand])) == false)
    }

    @Test("reload and reconnect refuse --json on either side instead of ignoring it")
    func jsonRefused() {
        let orders = [
            ["--json", "reload"], ["reload", "--json"], ["--json", "reconnect", "db"], ["reconnect", "db", "--json"],
        ]
        for arguments in orders {
            #expect(throws: (any Error).self, "\(arguments)") { try Keepalivectl.parseAsRoot(arguments) }
        }
        #expect(throws: (any Error).self) { try Keepalivectl.Reload.parse(["--json"]) }
    }

    @Test("A subcommand's name after the options names the subcommand, never a peer", arguments: subcommands)
    func subcommandWord(subcommand: [String]) throws {
        for options in [["--socket", "/tmp/s"], ["--timeout", "3"], ["--socket", "/tmp/s", "--timeout", "3"]] {
            let command = try Keepalivectl.parseAsRoot(options + subcommand)
            #expect("\(type(of: command))" == subcommand[0].capitalized, "\(options + subcommand)")
            if let status = command as? Keepalivectl.Status {
                #expect(status.peer == subcommand.dropFirst().first, "\(options + subcommand)")
            }
        }
        let status = try #require(try Keepalivectl.parseAsRoot(["--json", "status"]) as? Keepalivectl.Status)
        #expect(status.peer == nil)
    }

    @Test("Without a subcommand the options go to status, whose peer may follow them")
    func defaultSubcommand() throws {
        let table = try #require(try Keepalivectl.parseAsRoot(["--socket", "/tmp/s"]) as? Keepalivectl.Status)
        #expect(table.connection.socketPath == "/tmp/s")
        #expect(table.peer == nil)
        let one = try #require(try Keepalivectl.parseAsRoot(["--json", "db", "--timeout", "2"]) as? Keepalivectl.Status)
        #expect(one.peer == "db")
        #expect(one.output.json)
        #expect(one.connection.timeout == 2)
    }

    @Test("Given on both sides, the later one wins, as for an option given twice")
    func later() throws {
        let command = try Keepalivectl.parseAsRoot(["--socket", "/tmp/first", "info", "--socket", "/tmp/second"])
        #expect(Self.connection(of: command)?.socketPath == "/tmp/second")
    }
}

/// The built keepalivectl with its options before and after the subcommand, against an in-test daemon: the
/// same exit status and output either way, and the output the command gives with the options after it.
@Suite("keepalivectl commands, options before the subcommand")
struct OptionOrderCommandTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var subcommand: [String]
        var options: [String] = []
        var caller = Callers.operatorUser
        /// What of each line must be the same in both runs: relative times ("3m12s ago") move on between them.
        var compared: @Sendable (Substring) -> Substring = { $0 }
        var status: Int32
        var check: @Sendable (String) -> Bool
        var testDescription: String { (subcommand + options).joined(separator: " ") }
    }

    static let cases: [Case] = [
        Case(subcommand: ["status"], compared: { $0.prefix(48) }, status: 0) {
            $0.hasPrefix("PEER   ADDRESS") && $0.contains("\ndb ")
        },
        Case(subcommand: ["status"], options: ["--json"], status: 0) {
            (try? ControlJSON.decode(ListPeersReply.self, from: Array($0.utf8)).peers) == SamplePeers.all
        },
        Case(subcommand: ["status", "db"], compared: { $0.prefix { $0 != "(" } }, status: 0) {
            $0.hasPrefix("db\n  Address:")
        },
        Case(subcommand: ["check"], status: 2) {
            $0 == "CRITICAL: 1 down (db: half-open), 1 suspect (cache: 2/3 probes), 1 connecting (mq), 1 up\n"
        },
        Case(subcommand: ["check"], options: ["--json", "--timeout", "3"], status: 2) {
            $0.hasPrefix(#"{"counts":{"connecting":1,"down":1,"suspect":1,"up":1},"status":"CRITICAL""#)
        },
        Case(subcommand: ["info"], status: 0) { $0.hasPrefix("Version: 0.1.0 (control protocol 2)\n") },
        Case(subcommand: ["info"], options: ["--json"], status: 0) {
            (try? ControlJSON.decode(DaemonInfo.self, from: Array($0.utf8)))?.generation == 1
        },
        Case(subcommand: ["reload"], caller: Callers.root, status: 0) {
            $0 == "Configuration accepted: generation 2 is running.\n"
        },
        Case(subcommand: ["reconnect", "api"], caller: Callers.daemonUser, status: 0) { $0 == "Reconnecting api.\n" },
    ]

    @Test("The same answer with the options before or after the subcommand", arguments: cases)
    func bothOrders(_ test: Case) async throws {
        let server = try TestControlServer(FakeMonitor(), caller: test.caller)
        defer { server.stop() }
        let options = ["--socket", server.path] + test.options
        let before = try await CommandRun.run(options + test.subcommand)
        let after = try await CommandRun.run(test.subcommand + options)
        for result in [before, after] {
            #expect(result.status == test.status, "\(result.errors)")
            #expect(result.errors.isEmpty, "\(result.errors)")
            #expect(test.check(result.output), "\(result.output)")
        }
        func comparable(_ output: String) -> [Substring] {
            output.split(separator: "\n").map(test.compared)
        }
        #expect(comparable(before.output) == comparable(after.output))
    }

    @Test("watch with the options first: the current state of every peer, then changes")
    func watch() async throws {
        let monitor = FakeMonitor()
        let server = try TestControlServer(monitor)
        defer { server.stop() }
        let run = try CommandRun(["--socket", server.path, "--json", "watch"])
        #expect(await eventually { run.outputLines.count == 4 }, "\(run.errorText)")
        monitor.publish(SamplePeers.with(SamplePeers.db, state: .up))
        #expect(await eventually { run.outputLines.count == 5 }, "\(run.errorText)")
        let replies = try run.outputLines.map { try ControlJSON.decode(WatchReply.self, from: Array($0.utf8)) }
        #expect(replies.prefix(4).map(\.peer) == SamplePeers.all)
        #expect(replies.last == WatchReply(peer: SamplePeers.with(SamplePeers.db, state: .up), initial: false))
    }

    @Test("--timeout before check gives up on a wedged daemon after that time")
    func timeoutFirst() async throws {
        let server = try TestControlServer(FakeMonitor(), behaviour: .silent)
        defer { server.stop() }
        let result = try await CommandRun.run(["--timeout", "1", "--socket", server.path, "check"])
        #expect(result.status == 3)
        #expect(result.output == "UNKNOWN: keepalive-monitor did not answer on \(server.path) within 1 s\n")
    }

    @Test("A subcommand's name after --socket is that subcommand: `--socket PATH status` is not a peer named status")
    func subcommandNotPeer() async throws {
        let server = try TestControlServer(FakeMonitor())
        defer { server.stop() }
        let status = try await CommandRun.run(["--socket", server.path, "status"])
        #expect(status.status == 0, "\(status.errors)")
        #expect(status.output.hasPrefix("PEER "))
        #expect(!status.errors.contains("no peer named"))
    }

    @Test("--json before reload is refused with a sentence, and nothing is reloaded")
    func jsonReload() async throws {
        let monitor = FakeMonitor()
        let server = try TestControlServer(monitor, caller: Callers.root)
        defer { server.stop() }
        let result = try await CommandRun.run(["--json", "--socket", server.path, "reload"])
        #expect(result.status == 64)
        #expect(result.errors.hasPrefix(
            "Error: reload has no JSON output; --json applies to status, watch, check and info.\n"))
        #expect(monitor.reloads == 0)
    }
}
