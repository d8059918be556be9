import Glibc
import KeepalivePOSIX
import KeepaliveTestSupport
import Testing
@testable import KeepaliveSystemd

extension ProcessWideStateTests {
    /// `SystemdNotifier` against a real datagram socket standing in for systemd's: the exact datagrams sent.
    @Suite
    struct SystemdNotifierTests {
        let notifier = SystemdNotifier()

        /// Binds a notify socket at a fresh path, points `NOTIFY_SOCKET` at it for `body`, then cleans up.
        private func withNotifySocket(_ body: (UnixDatagramSocket) throws -> Void) throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let path = directory.file("notify.sock")
            let socket = try UnixDatagramSocket(boundTo: path)
            defer { socket.close() }
            try withEnvironment(["NOTIFY_SOCKET": path]) { () throws in
                try body(socket)
            }
        }

        @Test func readySendsReadyAlone() throws {
            try self.withNotifySocket { socket throws in
                #expect(try self.notifier.ready() == .sent)
                #expect(try socket.receive() == "READY=1")
            }
        }

        @Test func readyWithStatusSendsBothInOneDatagram() throws {
            try self.withNotifySocket { socket throws in
                #expect(try self.notifier.ready(status: "Monitoring 3 peers") == .sent)
                #expect(try socket.receive() == "READY=1\nSTATUS=Monitoring 3 peers")
                #expect(!socket.hasPendingDatagram())
            }
        }

        @Test func statusSendsTheLine() throws {
            try self.withNotifySocket { socket throws in
                #expect(try self.notifier.status("2 up, 1 down") == .sent)
                #expect(try socket.receive() == "STATUS=2 up, 1 down")
            }
        }

        @Test func statusCannotInjectAssignments() throws {
            try self.withNotifySocket { socket throws in
                #expect(try self.notifier.status("db down\nREADY=1\r\nSTOPPING=1") == .sent)
                #expect(try socket.receive() == "STATUS=db down READY=1  STOPPING=1")
            }
        }

        @Test func watchdogSendsThePing() throws {
            try self.withNotifySocket { socket throws in
                #expect(try self.notifier.watchdog() == .sent)
                #expect(try socket.receive() == "WATCHDOG=1")
            }
        }

        @Test func reloadingCarriesMonotonicTimeInTheSameDatagram() throws {
            try self.withNotifySocket { socket throws in
                let before = Self.monotonicMicroseconds()
                #expect(try self.notifier.reloading() == .sent)
                let after = Self.monotonicMicroseconds()
                let lines = try socket.receive().split(separator: "\n", omittingEmptySubsequences: false)
                try #require(lines.count == 2)
                #expect(lines[0] == "RELOADING=1")
                #expect(lines[1].hasPrefix("MONOTONIC_USEC="))
                let sent = try #require(UInt64(lines[1].dropFirst("MONOTONIC_USEC=".count)))
                #expect(before <= sent && sent <= after, "MONOTONIC_USEC=\(sent) not within [\(before), \(after)]")
            }
        }

        @Test func stoppingSendsStopping() throws {
            try self.withNotifySocket { socket throws in
                #expect(try self.notifier.stopping() == .sent)
                #expect(try socket.receive() == "STOPPING=1")
            }
        }

        @Test func startFailedSendsStatusAndErrno() throws {
            try self.withNotifySocket { socket throws in
                #expect(try self.notifier.startFailed(status: "bad config:\n line 3", errno: EINVAL) == .sent)
                #expect(try socket.receive() == "STATUS=bad config:  line 3\nERRNO=22")
            }
        }

        @Test func withoutNotifySocketNothingIsSent() throws {
            try withEnvironment(["NOTIFY_SOCKET": nil]) { () throws in
                #expect(try self.notifier.ready() == .notSupervised)
                #expect(try self.notifier.reloading() == .notSupervised)
            }
        }

        @Test func abstractSocketIsReached() throws {
            let name = "@keepalive-monitor-tests-\(getpid())-notify"
            let socket = try UnixDatagramSocket(boundTo: name)
            defer { socket.close() }
            try withEnvironment(["NOTIFY_SOCKET": name]) { () throws in
                #expect(try self.notifier.watchdog() == .sent)
                #expect(try socket.receive() == "WATCHDOG=1")
            }
        }

        @Test func missingSocketFileThrowsNamingTheCall() throws {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try withEnvironment(["NOTIFY_SOCKET": directory.file("absent.sock")]) { () throws in
                #expect(throws: SystemCallError(call: "sd_notify", errno: ENOENT)) {
                    try self.notifier.ready()
                }
            }
        }

        private static func monotonicMicroseconds() -> UInt64 {
            UInt64(SystemClock.monotonicNanoseconds() / 1_000)
        }
    }
}
