import Foundation
import KeepaliveTestSupport

/// The daemon under `Fixtures/with-journald.sh`: a real systemd-journald in a private mount namespace (inside
/// the daemon-side network namespace), read back with `journalctl -o json` while the daemon runs.
final class PrivateJournal: Sendable {
    let process: ChildProcess
    let output: URL

    init(namespace: String, directory: URL, daemonArguments: [String]) throws {
        output = directory.appendingPathComponent("journal.json")
        // --log-target is left at auto: with stderr a pipe and journald reachable, the daemon must pick the journal.
        process = try ChildProcess(
            name: "with-journald.sh keepalive-monitor",
            // nsenter enters only the network namespace: `ip netns exec` would remount /sys without
            // /sys/fs/cgroup, and journald refuses to start without a cgroup root.
            arguments: ["nsenter", "--net=/run/netns/\(namespace)", TestPaths.journalHarness, output.path, TestPaths.daemon]
                + daemonArguments)
    }

    /// The daemon's pid, once the harness has started it.
    func daemonPid(timeout: Duration = .seconds(10)) -> Int32? {
        var pid: Int32?
        _ = eventually(timeout: timeout, pollingEvery: .milliseconds(10)) {
            let text = try? String(contentsOf: URL(fileURLWithPath: output.path + ".pid"), encoding: .utf8)
            pid = text.flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            return pid != nil
        }
        return pid
    }

    /// `journalctl -o json [filters]` inside the namespace, one dictionary per entry.
    func entries(_ filters: [String] = []) throws -> [[String: String]] {
        guard let pid = daemonPid() else { throw TestFailure("the harness never started the daemon:\n\(process.transcript)") }
        let enter = ["nsenter", "-t", String(pid), "-m", "--"]
        // Best effort: journald refuses --sync until its varlink socket is up; callers poll anyway.
        try Shell.run(enter + ["journalctl", "--sync"], allowFailure: true)
        let json = try Shell.run(enter + ["journalctl", "-o", "json", "--all", "--no-pager"] + filters)
        return json.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return object.compactMapValues { $0 as? String }
        }
    }

    /// Waits until `count` entries from the daemon have fields including `fields`; the last of them.
    func waitForEntries(_ fields: [String: String], count: Int, timeout: Duration = .seconds(15)) throws -> [String: String]? {
        try waitForDaemonEntries(fields, timeout: timeout) { $0.count >= count ? $0.last : nil }
    }

    /// Waits for an entry from the daemon whose fields include `fields`.
    func waitForEntry(_ fields: [String: String], timeout: Duration = .seconds(15)) throws -> [String: String]? {
        try waitForDaemonEntries(fields, timeout: timeout) { $0.first }
    }

    /// Polls the daemon's entries whose fields include `fields` until `pick` finds one in them.
    private func waitForDaemonEntries(
        _ fields: [String: String],
        timeout: Duration,
        _ pick: ([[String: String]]) -> [String: String]?
    ) throws -> [String: String]? {
        var picked: [String: String]?
        var failure: (any Error)?
        _ = eventually(timeout: timeout, pollingEvery: .milliseconds(100)) {
            do {
                picked = pick(try entries().filter { entry in
                    entry["SYSLOG_IDENTIFIER"] == "keepalive-monitor" && fields.allSatisfy { entry[$0.key] == $0.value }
                })
            } catch {
                failure = error
            }
            return picked != nil || failure != nil
        }
        if let failure { throw failure }
        return picked
    }

    func stop() { process.stop() }
}
