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
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: URL(fileURLWithPath: output.path + ".pid"), encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                return pid
            }
            usleep(10_000)
        }
        return nil
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
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let found = try entries().filter { entry in
                entry["SYSLOG_IDENTIFIER"] == "keepalive-monitor" && fields.allSatisfy { entry[$0.key] == $0.value }
            }
            if found.count >= count { return found.last }
            usleep(100_000)
        }
        return nil
    }

    /// Waits for an entry from the daemon whose fields include `fields`.
    func waitForEntry(_ fields: [String: String], timeout: Duration = .seconds(15)) throws -> [String: String]? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let found = try entries().first { entry in
                entry["SYSLOG_IDENTIFIER"] == "keepalive-monitor" && fields.allSatisfy { entry[$0.key] == $0.value }
            }
            if let found { return found }
            usleep(100_000)
        }
        return nil
    }

    func stop() { process.stop() }
}
