import Foundation
import KeepaliveTestSupport
import Testing

extension ProcessWideStateTests {
    /// systemd/keepalive-monitor.service, .socket and .sysusers, checked by the real `systemd-analyze` and
    /// `systemd-sysusers`. SystemdContainerTests runs them under systemd; these are the fast, offline checks.
    @Suite
    struct SystemdUnitFileTests {
        let unit = RepositoryLayout.path("systemd/keepalive-monitor.service")
        let socket = RepositoryLayout.path("systemd/keepalive-monitor.socket")
        let sysusers = RepositoryLayout.path("systemd/keepalive-monitor.sysusers")

        /// `verify` fails on a missing ExecStart binary even when the unit is fine, so it runs against a staged root
        /// holding the host's units, a stand-in binary and /bin/kill; it only warns on unknown keys or bad values,
        /// so any output at all fails the test.
        @Test func verifiesCleanAgainstAStagedRoot() throws {
            let root = try TemporaryDirectory()
            defer { root.remove() }
            let files = FileManager.default
            try files.createDirectory(atPath: root.file("usr/lib/systemd"), withIntermediateDirectories: true)
            try files.copyItem(atPath: "/usr/lib/systemd/system", toPath: root.file("usr/lib/systemd/system"))
            try files.createDirectory(atPath: root.file("etc/systemd/system"), withIntermediateDirectories: true)
            try files.copyItem(atPath: self.unit, toPath: root.file("etc/systemd/system/keepalive-monitor.service"))
            try files.copyItem(atPath: self.socket, toPath: root.file("etc/systemd/system/keepalive-monitor.socket"))
            try files.createDirectory(atPath: root.file("usr/local/bin"), withIntermediateDirectories: true)
            try files.createDirectory(atPath: root.file("usr/bin"), withIntermediateDirectories: true)
            try files.createSymbolicLink(atPath: root.file("bin"), withDestinationPath: "usr/bin")
            for executable in ["usr/local/bin/keepalive-monitor", "usr/bin/kill"] {
                _ = files.createFile(atPath: root.file(executable), contents: Data("#!/bin/sh\n".utf8))
                try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.file(executable))
            }
            let verify = try CommandRun.runBlocking(
                "/usr/bin/systemd-analyze",
                ["verify", "--root=\(root.path)", "keepalive-monitor.service", "keepalive-monitor.socket"]
            )
            #expect(verify.status == 0 && verify.output.isEmpty, "systemd-analyze verify said:\n\(verify.output)")
        }

        /// `--threshold` counts tenths: 25 is an exposure of 2.5.
        @Test func exposureIsAtMostTwoPointFive() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let security = try CommandRun.runBlocking(
                "/usr/bin/systemd-analyze",
                ["security", "--offline=yes", "--threshold=25", "--no-pager", self.unit]
            )
            #expect(security.status == 0, "systemd-analyze security said:\n\(security.output)")
            #expect(security.output.contains("Overall exposure level for keepalive-monitor.service: 1."))
        }

        @Test func carriesTheSettingsTheDaemonRelies() throws {
            let text = try String(contentsOfFile: self.unit, encoding: .utf8)
            let lines = Self.settings(text)
            for setting in [
                "Type=notify", "ExecStart=/usr/local/bin/keepalive-monitor", "ExecReload=/bin/kill -HUP $MAINPID",
                "WatchdogSec=30s", "Restart=on-failure", "RestartPreventExitStatus=78",
                "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "ConfigurationDirectory=keepalive-monitor",
                "User=keepalive-monitor", "Group=keepalive-monitor", "RuntimeDirectory=keepalive-monitor",
                "RuntimeDirectoryMode=0755", "RuntimeDirectoryPreserve=yes", "PrivateUsers=yes",
                "WantedBy=multi-user.target",
            ] {
                #expect(lines.contains(setting), "missing \(setting)")
            }
            #expect(!text.contains("\nIPAddressDeny="), "a network monitor must reach arbitrary upstreams")
            #expect(!text.contains("\nPrivateNetwork="), "a network monitor must reach arbitrary upstreams")
            // A dynamic user named after the unit fails with 217/USER next to the static group keepalive-monitor,
            // and with DynamicUser= systemd moves a preserved RuntimeDirectory under /run/private (0700).
            #expect(!text.contains("\nDynamicUser="), "DynamicUser= breaks the socket group, see the unit's comment")
            // With PrivateUsers= a supplementary group is unmapped: the daemon could not chown the socket to it.
            #expect(!text.contains("\nSupplementaryGroups="), "the socket's group must be the primary Group=")
        }

        /// The socket unit listens where the daemon binds by default, in the service's RuntimeDirectory, for the
        /// group the sysusers entry creates.
        @Test func socketUnitMatchesTheService() throws {
            let lines = Self.settings(try String(contentsOfFile: self.socket, encoding: .utf8))
            for setting in [
                "ListenStream=/run/keepalive-monitor/control.socket", "SocketUser=root", "SocketGroup=keepalive-monitor",
                "SocketMode=0660", "DirectoryMode=0755", "RemoveOnStop=yes", "WantedBy=sockets.target",
            ] {
                #expect(lines.contains(setting), "missing \(setting)")
            }
            #expect(!lines.contains { $0.hasPrefix("Accept=") && $0 != "Accept=no" }, "one daemon serves every client")
        }

        /// `systemd-sysusers --root` applies the entry to an empty root: the user and group the units name appear.
        @Test func sysusersEntryCreatesTheUserAndGroup() throws {
            let root = try TemporaryDirectory()
            defer { root.remove() }
            try FileManager.default.createDirectory(atPath: root.file("etc"), withIntermediateDirectories: true)
            let run = try CommandRun.runBlocking(
                "/usr/bin/systemd-sysusers", ["--root=\(root.path)", self.sysusers])
            #expect(run.status == 0, "systemd-sysusers said:\n\(run.output)")
            let passwd = try String(contentsOfFile: root.file("etc/passwd"), encoding: .utf8)
            let group = try String(contentsOfFile: root.file("etc/group"), encoding: .utf8)
            let user = try #require(passwd.split(separator: "\n").first { $0.hasPrefix("keepalive-monitor:") })
            let fields = user.split(separator: ":", omittingEmptySubsequences: false)
            #expect(fields.count == 7 && fields[6] == "/usr/sbin/nologin", "\(user)")
            let groupLine = try #require(group.split(separator: "\n").first { $0.hasPrefix("keepalive-monitor:") })
            #expect(fields.count == 7 && groupLine.split(separator: ":")[2] == fields[3], "the user's group is not keepalive-monitor")
        }

        /// Uncommented `Key=value` lines.
        private static func settings(_ text: String) -> Set<String> {
            Set(text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && $0.contains("=") })
        }
    }
}
