import Foundation
import Testing

extension ProcessWideStateTests {
    /// systemd/keepalive-monitor.service, checked by the real `systemd-analyze`.
    @Suite
    struct SystemdUnitFileTests {
        let unit = RepositoryLayout.path("systemd/keepalive-monitor.service")

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
            try files.createDirectory(atPath: root.file("usr/local/bin"), withIntermediateDirectories: true)
            try files.createDirectory(atPath: root.file("usr/bin"), withIntermediateDirectories: true)
            try files.createSymbolicLink(atPath: root.file("bin"), withDestinationPath: "usr/bin")
            for executable in ["usr/local/bin/keepalive-monitor", "usr/bin/kill"] {
                _ = files.createFile(atPath: root.file(executable), contents: Data("#!/bin/sh\n".utf8))
                try files.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root.file(executable))
            }
            let verify = try ChildProcess.run(
                "/usr/bin/systemd-analyze",
                ["verify", "--root=\(root.path)", "keepalive-monitor.service"],
                outputFile: root.file("verify.log")
            )
            #expect(verify.status == 0 && verify.output.isEmpty, "systemd-analyze verify said:\n\(verify.output)")
        }

        /// `--threshold` counts tenths: 25 is an exposure of 2.5.
        @Test func exposureIsAtMostTwoPointFive() throws {
            let scratch = try TemporaryDirectory()
            defer { scratch.remove() }
            let security = try ChildProcess.run(
                "/usr/bin/systemd-analyze",
                ["security", "--offline=yes", "--threshold=25", "--no-pager", self.unit],
                outputFile: scratch.file("security.log")
            )
            #expect(security.status == 0, "systemd-analyze security said:\n\(security.output)")
            #expect(security.output.contains("Overall exposure level for keepalive-monitor.service: 1."))
        }

        @Test func carriesTheSettingsTheDaemonRelies() throws {
            let text = try String(contentsOfFile: self.unit, encoding: .utf8)
            let lines = Set(text.split(separator: "\n").map(String.init))
            for setting in [
                "Type=notify", "ExecStart=/usr/local/bin/keepalive-monitor", "ExecReload=/bin/kill -HUP $MAINPID",
                "WatchdogSec=30s", "Restart=on-failure", "RestartPreventExitStatus=78",
                "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "ConfigurationDirectory=keepalive-monitor",
                "RuntimeDirectory=keepalive-monitor", "WantedBy=multi-user.target",
            ] {
                #expect(lines.contains(setting), "missing \(setting)")
            }
            #expect(!text.contains("\nIPAddressDeny="), "a network monitor must reach arbitrary upstreams")
            #expect(!text.contains("\nPrivateNetwork="), "a network monitor must reach arbitrary upstreams")
        }
    }
}
