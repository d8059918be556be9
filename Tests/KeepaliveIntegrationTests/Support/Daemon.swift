import Foundation
import KeepaliveSystemd
import KeepaliveTestSupport

/// The real `keepalive-monitor` binary, in a namespace or not, logging to stderr; its alerts are read back from the
/// `KEY=value` fields of each line.
final class Daemon: Sendable {
    /// One alert as the test saw it.
    struct Event: Sendable {
        var fields: [String: String]
        var message: String
        var readAt: ContinuousClock.Instant
        /// The line's index in the daemon's output.
        var index: Int

        var peer: String? { fields["PEER"] }
        var state: String? { fields["PEER_STATE"] }
        var reason: String? { fields["PEER_REASON"] }

        /// The alert on `line`, if it is one.
        init?(_ line: ChildProcess.Line, index: Int) {
            guard line.fromStandardError, let parsed = StderrLogLine.parse(line.text) else { return nil }
            fields = parsed.fields
            message = parsed.message
            readAt = line.readAt
            self.index = index
        }
    }

    let process: ChildProcess

    /// - Parameter launcher: words run before the daemon's own, e.g. `["prlimit", "--nofile=32:32"]`.
    init(namespace: String?, arguments: [String], environment: [String: String] = [:], launcher: [String] = []) throws {
        let command = launcher + [TestPaths.daemon, "--log-target", "stderr"] + arguments
        let wrapped = namespace.map { ["ip", "netns", "exec", $0] + command } ?? command
        process = try ChildProcess(name: "keepalive-monitor", arguments: wrapped, environment: environment)
    }

    var events: [Event] {
        process.allLines.enumerated().compactMap { index, line in Event(line, index: index) }
    }

    /// Waits for an alert about `peer` (after line index `after`) whose fields include `fields`.
    func waitForEvent(
        peer: String,
        _ fields: [String: String],
        after: Int = -1,
        timeout: Duration = .seconds(15)
    ) -> Event? {
        let found = process.waitForLine(from: after + 1, timeout: timeout) { line in
            guard let event = Event(line, index: 0), event.peer == peer else { return false }
            return fields.allSatisfy { event.fields[$0.key] == $0.value }
        }
        return found.flatMap { Event($0.line, index: $0.index) }
    }

    /// Every alert about `peer` so far.
    func events(peer: String) -> [Event] { events.filter { $0.peer == peer } }

    func stop() { process.stop() }
}
