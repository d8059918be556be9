import Foundation
import KeepaliveTestSupport
import Testing

/// The install step and the operator's path under a real systemd: `systemd/install.sh` stages a release build
/// (DESTDIR), `systemd-nspawn --boot` starts systemd as PID 1 of a throw-away container of this host's own /usr,
/// and `Fixtures/container/run-checks.sh` installs from the stage with the same script and checks, from inside:
/// start after READY, STATUS=, keepalivectl as root / group member / outsider, a half-open peer in the journal
/// (with its catalog text), reloads good and bad, a watchdog restart, socket activation and clean stops.
/// The container's exit status is the verdict; its journal is kept under `.ci-artifacts/` when it fails.
@Suite("Installed and run under a real systemd", .serialized)
struct SystemdContainerTests {
    init() throws {
        try Preconditions.requireRootAndTools()
        for tool in ["systemd-nspawn", "strip", "readelf", "setpriv", "useradd", "pgrep"] {
            let found = try Shell.run(["sh", "-c", "command -v \(tool)"], allowFailure: true)
            guard !found.isEmpty else { throw TestFailure("\(tool) is not installed; .ci/run installs it") }
        }
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            throw TestFailure("/usr/bin/python3 is missing: the container sees only the host's /usr")
        }
    }

    @Test("install.sh with DESTDIR and PREFIX /usr or /opt/…: paths systemd reads, rewritten units, config kept")
    func installHonoursDestdirAndPrefix() throws {
        let work = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let binaries = URL(fileURLWithPath: TestPaths.daemon).deletingLastPathComponent().path

        let usr = work.appendingPathComponent("usr-prefix").path
        try Shell.run(["DESTDIR=\(usr)", "PREFIX=/usr", RepositoryFiles.installScript, "--bin-dir", binaries])
        for path in [
            "usr/bin/keepalive-monitor", "usr/bin/keepalivectl", "usr/lib/systemd/system/keepalive-monitor.service",
            "usr/lib/systemd/system/keepalive-monitor.socket", "usr/lib/systemd/catalog/keepalive-monitor.catalog",
            "usr/lib/sysusers.d/keepalive-monitor.conf",
        ] {
            #expect(FileManager.default.fileExists(atPath: "\(usr)/\(path)"), "install.sh did not install /\(path)")
        }
        let usrUnit = try String(contentsOfFile: "\(usr)/usr/lib/systemd/system/keepalive-monitor.service", encoding: .utf8)
        #expect(usrUnit.contains("\nExecStart=/usr/bin/keepalive-monitor\n"))
        #expect(!Self.settings(usrUnit).contains { $0.contains("/usr/local") }, "a unit for PREFIX=/usr still names /usr/local")
        let example = try String(contentsOfFile: RepositoryFiles.exampleConfig, encoding: .utf8)
        #expect(try String(contentsOfFile: "\(usr)/etc/keepalive-monitor/keepalive-monitor.toml", encoding: .utf8) == example)
        let symbols = try Shell.run("readelf", "-S", "-W", "\(usr)/usr/bin/keepalive-monitor")
        #expect(!symbols.contains(".symtab"), "the installed daemon is not stripped")

        // Outside /usr and /usr/local systemd reads neither units nor sysusers.d below PREFIX: they go to /etc.
        let opt = work.appendingPathComponent("opt-prefix").path
        let keptConfig = "# the administrator's own\n"
        try FileManager.default.createDirectory(atPath: "\(opt)/etc/keepalive-monitor", withIntermediateDirectories: true)
        try keptConfig.write(toFile: "\(opt)/etc/keepalive-monitor/keepalive-monitor.toml", atomically: true, encoding: .utf8)
        try Shell.run(["DESTDIR=\(opt)", "PREFIX=/opt/keepalive-monitor", RepositoryFiles.installScript, "--bin-dir", binaries])
        for path in [
            "opt/keepalive-monitor/bin/keepalive-monitor", "opt/keepalive-monitor/bin/keepalivectl",
            "etc/systemd/system/keepalive-monitor.service", "etc/systemd/system/keepalive-monitor.socket",
            "etc/sysusers.d/keepalive-monitor.conf", "usr/local/lib/systemd/catalog/keepalive-monitor.catalog",
        ] {
            #expect(FileManager.default.fileExists(atPath: "\(opt)/\(path)"), "install.sh did not install /\(path)")
        }
        let optUnit = try String(contentsOfFile: "\(opt)/etc/systemd/system/keepalive-monitor.service", encoding: .utf8)
        #expect(optUnit.contains("\nExecStart=/opt/keepalive-monitor/bin/keepalive-monitor\n"))
        #expect(
            try String(contentsOfFile: "\(opt)/etc/keepalive-monitor/keepalive-monitor.toml", encoding: .utf8) == keptConfig,
            "install.sh overwrote an existing configuration")
    }

    /// The lines of a unit file that are not comments.
    private static func settings(_ unit: String) -> [Substring] {
        unit.split(separator: "\n").filter { !$0.hasPrefix("#") }
    }

    @Test("Under systemd as PID 1: install, start, alerts, reloads, watchdog, socket activation, clean stop")
    func operatorPathUnderSystemd() throws {
        let work = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let stage = work.appendingPathComponent("stage").path
        let out = work.appendingPathComponent("out").path
        let journal = work.appendingPathComponent("journal").path
        for directory in [out, journal] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }

        let buildStarted = ContinuousClock.now
        try Shell.run(["DESTDIR=\(stage)", "PREFIX=/usr/local", RepositoryFiles.installScript])
        let build = ContinuousClock.now - buildStarted

        let container = try Container(stage: stage, out: out, journal: journal)
        let outcome = container.run(timeout: .seconds(200))
        let problems = container.cleanUp()
        let results = (try? String(contentsOfFile: "\(out)/results", encoding: .utf8)) ?? ""
        let report = Report(results: results, outcome: outcome, build: build)
        print(report.summary)

        let passed = outcome.exitStatus == 0 && results.split(separator: "\n").last?.hasPrefix("PASS") == true
        if !passed {
            let artifacts = RepositoryFiles.keepArtifacts(out: out, journal: journal)
            let diagnostics = (try? String(contentsOfFile: "\(out)/diagnostics", encoding: .utf8)) ?? ""
            let console = outcome.console.suffix(80).joined(separator: "\n")
            Issue.record(
                """
                The checks under systemd failed (container exit status \(outcome.exitStatus.map(String.init) ?? "none: \(outcome.note)")).
                \(report.failure ?? "run-checks.sh did not report a failing check; see the console and the journal.")
                Artifacts (runner logs and the container's journal: journalctl -D \(artifacts)/journal): \(artifacts)
                --- results ---
                \(results)
                --- diagnostics ---
                \(diagnostics)
                --- console (last 80 lines) ---
                \(console)
                """)
        }
        #expect(problems.isEmpty, "clean-up after the container: \(problems.joined(separator: "; "))")
    }
}

/// Paths in the checkout, and where failed runs leave their evidence.
private enum RepositoryFiles {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var installScript: String { root.appendingPathComponent("systemd/install.sh").path }
    static var exampleConfig: String { root.appendingPathComponent("config/keepalive-monitor.toml").path }

    /// Copies the runner's output and the container's journal to `.ci-artifacts/systemd-container-EPOCH-PID` in
    /// the checkout (git-ignored; CI keeps the folder) and returns that path.
    static func keepArtifacts(out: String, journal: String) -> String {
        let stamp = Int(Date().timeIntervalSince1970)
        let target = root.appendingPathComponent(".ci-artifacts/systemd-container-\(stamp)-\(getpid())")
        let files = FileManager.default
        do {
            try files.createDirectory(at: target, withIntermediateDirectories: true)
            try files.copyItem(atPath: out, toPath: target.appendingPathComponent("out").path)
            try files.copyItem(atPath: journal, toPath: target.appendingPathComponent("journal").path)
        } catch {
            return "\(target.path) (incomplete: \(error))"
        }
        return target.path
    }
}

/// What the container run produced, as the test reports it.
private struct Report {
    var results: String
    var outcome: Container.Outcome
    var build: Duration

    /// `FAIL check ms reason`, reworded.
    var failure: String? {
        guard let line = results.split(separator: "\n").first(where: { $0.hasPrefix("FAIL ") }) else { return nil }
        let words = line.split(separator: " ", maxSplits: 3)
        guard words.count == 4 else { return String(line) }
        return "Check \"\(words[1])\" failed after \(words[2]) ms: \(words[3])"
    }

    /// One line per check with its duration and the steps it timed, then the boot and the total.
    var summary: String {
        var lines = ["systemd container test: release build + staged install \(Self.seconds(build))"]
        if let boot = outcome.boot { lines.append("  boot to the runner: \(Self.seconds(boot))") }
        // run-checks.sh writes a check's `time STEP MS` lines before its `ok CHECK MS` line.
        var steps: [String] = []
        for line in results.split(separator: "\n") {
            let words = line.split(separator: " ", maxSplits: 2)
            switch words.first {
            case "time" where words.count == 3:
                steps.append("\(words[1]) \(words[2]) ms")
            case "ok" where words.count == 3:
                let detail = steps.isEmpty ? "" : " (\(steps.joined(separator: ", ")))"
                lines.append("  \(words[1]): \(words[2]) ms\(detail)")
                steps = []
            case "exposure" where words.count == 2:
                lines.append("  exposure of the loaded unit (systemd-analyze security): \(words[1])")
            case "PASS" where words.count == 2:
                lines.append("  every check passed: \(words[1]) ms")
            default:
                lines.append("  \(line)")
            }
        }
        lines.append("  container, boot to exit: \(Self.seconds(outcome.total))")
        return lines.joined(separator: "\n")
    }

    static func seconds(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        return String(format: "%.1f s", Double(milliseconds) / 1000)
    }
}

/// systemd-nspawn booting this host's /usr with a volatile (tmpfs) root, from a cgroup made for it.
///
/// Without systemd on the host nothing gives nspawn a cgroup of its own, and it would leave `payload/` and
/// `supervisor/` at the root of each hierarchy: so it starts in a throw-away cgroup (in the unified and the
/// name=systemd hierarchy here; /sys/fs/cgroup alone on a pure cgroup2 host) which `cleanUp()` empties and
/// removes. Everything nspawn mounts lives in its own mount namespace and goes with it.
private final class Container {
    struct Outcome {
        var exitStatus: Int32?
        var note: String
        var boot: Duration?
        var total: Duration
        var console: [String]
    }

    private let machine: String
    private let cgroups: [String]
    private let out: String
    private let arguments: [String]
    /// Directories nspawn makes in the host's /run and leaves there (harmless on a tmpfs /run, which this host's
    /// is not): removed afterwards unless they were there before.
    private let nspawnRootExisted = FileManager.default.fileExists(atPath: "/run/systemd/nspawn-root")
    private let nspawnRunDirectoryExisted = FileManager.default.fileExists(atPath: "/run/systemd/nspawn")
    private var process: ChildProcess?

    init(stage: String, out: String, journal: String) throws {
        let machine = "kam-checks-\(getpid())"
        self.machine = machine
        self.out = out
        let hierarchies =
            FileManager.default.fileExists(atPath: "/sys/fs/cgroup/unified/cgroup.procs")
            ? ["/sys/fs/cgroup/unified", "/sys/fs/cgroup/systemd"] : ["/sys/fs/cgroup"]
        cgroups = hierarchies.map { "\($0)/\(machine)" }
        let fixtures = TestPaths.fixtures.path
        arguments = [
            "systemd-nspawn", "--quiet", "--directory=/", "--volatile=yes", "--register=no", "--keep-unit",
            // read-only: a pty as /dev/console, copied to our stdout, so the runner's lines reach the transcript
            // (with "pipe" the container has no /dev/console at all).
            "--private-network", "--console=read-only", "--machine=\(machine)",
            "--tmpfs=/usr/local",
            "--bind-ro=\(RepositoryFiles.root.path):/kam/repo",
            "--bind-ro=\(stage):/kam/stage",
            "--bind-ro=\(fixtures):/kam/fixtures",
            "--bind-ro=\(fixtures)/container/units:/etc/systemd/system",
            "--bind=\(out):/kam/out",
            "--bind=\(journal):/var/log/journal",
            "--boot", "systemd.unit=kam-checks.target",
            // nftables.service would load the host's ruleset; firstboot would ask questions on the console.
            "systemd.mask=nftables.service", "systemd.mask=systemd-firstboot.service",
            // The console shows the runner and systemd's errors, not every unit started.
            "systemd.show_status=error", "systemd.log_color=0",
        ]
        for (index, cgroup) in cgroups.enumerated() where mkdir(cgroup, 0o755) != 0 {
            let code = errno
            for created in cgroups[..<index] { rmdir(created) }
            throw TestFailure("cannot create the cgroup \(cgroup): errno \(code)")
        }
    }

    /// Boots the container and waits for it to exit (the runner ends it) or for `timeout`.
    func run(timeout: Duration) -> Outcome {
        let started = Date()
        let clockStarted = ContinuousClock.now
        // The shell moves itself into the cgroups, then becomes nspawn, keeping the clean signal state that
        // ChildLaunch gives every child.
        let enter = "for procs in $KAM_CGROUP_PROCS; do echo $$ >\"$procs\" || exit 125; done; exec \"$@\""
        do {
            process = try ChildProcess(
                name: "systemd-nspawn",
                arguments: ["sh", "-c", enter, "sh"] + arguments,
                environment: ["KAM_CGROUP_PROCS": cgroups.map { "\($0)/cgroup.procs" }.joined(separator: " ")])
        } catch {
            return Outcome(exitStatus: nil, note: "systemd-nspawn did not start: \(error)", total: .zero, console: [])
        }
        let process = process!
        let exited = process.waitForExit(timeout: timeout)
        let total = ContinuousClock.now - clockStarted
        var boot: Duration?
        if let text = try? String(contentsOfFile: "\(out)/runner-started", encoding: .utf8),
            let runnerStarted = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            boot = .milliseconds(Int64((runnerStarted - started.timeIntervalSince1970) * 1000))
        }
        // The console is a pty: lines end in CR LF.
        let console = process.allLines.map { $0.text.trimmingCharacters(in: .init(charactersIn: "\r")) }.filter { !$0.isEmpty }
        guard exited != nil else {
            process.stop()
            return Outcome(exitStatus: nil, note: "still running after \(timeout), killed", boot: boot, total: total, console: console)
        }
        return Outcome(exitStatus: process.exitStatus, note: "", boot: boot, total: total, console: console)
    }

    /// Kills whatever is left of the container, removes its cgroups and nspawn's directories in /run. Returns what
    /// it could not clean up.
    func cleanUp() -> [String] {
        var problems: [String] = []
        process?.stop()
        var left: [pid_t] = []
        _ = eventually(timeout: .seconds(10), pollingEvery: .milliseconds(20)) {
            left = processesLeft()
            for pid in left { kill(pid, SIGKILL) }
            return left.isEmpty
        }
        if !left.isEmpty { problems.append("processes \(left) would not die") }
        for cgroup in cgroups {
            for directory in Self.directories(under: cgroup).reversed() where rmdir(directory) != 0 && errno != ENOENT {
                problems.append("rmdir \(directory): errno \(errno)")
            }
        }
        // nspawn makes /run/systemd/nspawn/propagate/MACHINE and cannot remove it from a /run that is not tmpfs;
        // /run/systemd/nspawn-root is where it mounted the volatile root. Only empty directories go (rmdir).
        var leftovers = ["/run/systemd/nspawn/propagate/\(machine)", "/run/systemd/nspawn/unix-export/\(machine)"]
        if !nspawnRootExisted { leftovers.append("/run/systemd/nspawn-root") }
        if !nspawnRunDirectoryExisted {
            leftovers += ["/run/systemd/nspawn/propagate", "/run/systemd/nspawn/unix-export", "/run/systemd/nspawn"]
        }
        for directory in leftovers where rmdir(directory) != 0 && errno != ENOENT {
            problems.append("rmdir \(directory): errno \(errno)")
        }
        return problems
    }

    /// Every pid still in the container's cgroups.
    private func processesLeft() -> [pid_t] {
        var pids: Set<pid_t> = []
        for cgroup in cgroups {
            for directory in Self.directories(under: cgroup) {
                let text = (try? String(contentsOfFile: "\(directory)/cgroup.procs", encoding: .utf8)) ?? ""
                pids.formUnion(text.split(separator: "\n").compactMap { pid_t($0) })
            }
        }
        return pids.sorted()
    }

    /// `root` and the cgroups below it, parents before children.
    private static func directories(under root: String) -> [String] {
        guard FileManager.default.fileExists(atPath: root) else { return [] }
        var found = [root]
        var index = 0
        while index < found.count {
            let children = (try? FileManager.default.contentsOfDirectory(atPath: found[index])) ?? []
            for child in children.sorted() {
                var isDirectory: ObjCBool = false
                let path = "\(found[index])/\(child)"
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    found.append(path)
                }
            }
            index += 1
        }
        return found
    }
}
