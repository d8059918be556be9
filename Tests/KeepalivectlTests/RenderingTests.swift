import Foundation
import KeepaliveControl
import KeepaliveCore
import KeepaliveTestSupport
import Testing

@testable import keepalivectl

/// What keepalivectl prints, for the fixed sample peers at a fixed moment in UTC.
@Suite("keepalivectl output")
struct RenderingTests {
    @Test("The status table, sorted by name (golden)")
    func table() throws {
        #expect(StatusTable.render(SamplePeers.all, time: SamplePeers.time, colour: false)
            == (try Fixtures.text("status-table.txt")))
    }

    @Test("The status table in colour: only the state, and the columns stay aligned (golden)")
    func colourTable() throws {
        let coloured = StatusTable.render(SamplePeers.all, time: SamplePeers.time, colour: true)
        #expect(coloured == (try Fixtures.text("status-table-colour.txt")))
        #expect(coloured.contains("\u{1B}[31mdown\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[33msuspect\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[32mup\u{1B}[0m"))
        let stripped = coloured.replacingOccurrences(of: "\u{1B}[31m", with: "")
            .replacingOccurrences(of: "\u{1B}[32m", with: "").replacingOccurrences(of: "\u{1B}[33m", with: "")
            .replacingOccurrences(of: "\u{1B}[0m", with: "")
        #expect(stripped == (try Fixtures.text("status-table.txt")))
    }

    @Test("Columns are as wide as their text in characters, not in bytes")
    func characterWidths() {
        var table = TextTable(header: ["A", "B"])
        table.rows = [[.init(text: "café"), .init(text: "x")], [.init(text: "e\u{301}e"), .init(text: "y")]]
        #expect(table.render() == "A     B\ncafé  x\ne\u{301}e    y\n")
    }

    @Test("No peers is a sentence, not an empty table")
    func emptyTable() {
        #expect(StatusTable.render([], time: SamplePeers.time, colour: false) == "No peers configured.\n")
    }

    @Test("One peer in full (golden)", arguments: ["cache", "db", "mq"])
    func detail(name: String) throws {
        let peer = try #require(SamplePeers.all.first { $0.name == name })
        let golden = try Fixtures.text("status-\(name).txt")
        #expect(PeerDetail.render(peer, time: SamplePeers.time, colour: false) == golden)
    }

    @Test("Watch lines: when the state began, peer, state, reason, probes")
    func watchLines() {
        let lines = SamplePeers.all.map { WatchLine.render($0, time: SamplePeers.time, colour: false) }.joined()
        #expect(lines == """
            2026-11-21 20:39:53 db: down (half-open), probes 3/3
            2026-11-21 17:30:53 api: up, probes 0/3
            2026-11-21 20:43:04 mq: connecting
            2026-11-21 20:42:53 cache: suspect, probes 2/3

            """)
        #expect(WatchLine.render(SamplePeers.db, time: SamplePeers.time, colour: true)
            == "2026-11-21 20:39:53 db: \u{1B}[31mdown\u{1B}[0m (half-open), probes 3/3\n")
    }

    @Test("Watch prints the first reply of each peer and then only changes of state, reason or probes")
    func watchFilter() {
        var filter = WatchFilter()
        let cache = SamplePeers.cache
        var counted = cache
        counted.counters.bytesReceived += 100
        let replies = [
            WatchReply(peer: cache, initial: true),
            WatchReply(peer: counted, initial: false),
            WatchReply(peer: SamplePeers.with(cache, state: .suspect, probes: 3), initial: false),
            WatchReply(peer: SamplePeers.with(cache, state: .down, reason: .halfOpen, probes: 3), initial: false),
            WatchReply(peer: SamplePeers.with(cache, state: .down, reason: .halfOpen, probes: 3), initial: false),
            WatchReply(peer: SamplePeers.api, initial: false),
        ]
        let admitted = replies.map { filter.admits($0) }
        #expect(admitted == [true, false, true, true, false, true])
    }

    @Test("Daemon info")
    func info() {
        let info = DaemonInfo(
            startedUsec: SamplePeers.nowUsec - 7_392_000_000, uptimeUsec: 7_392_000_000,
            configPath: "/etc/keepalive-monitor/keepalive-monitor.toml", generation: 3, peers: 4,
            counts: DaemonInfo.Counts(SamplePeers.all))
        #expect(DaemonInfoText.render(info, time: SamplePeers.time) == """
            Version: 0.1.0 (control protocol 2)
            Started: 2026-11-21 18:39:53 (up 2 h 3 min)
            Config:  /etc/keepalive-monitor/keepalive-monitor.toml (generation 3)
            Peers:   4 peers: 1 down, 1 suspect, 1 connecting, 1 up
            Stalls:  0

            """)
        var stalled = info
        stalled.stalls = 2
        stalled.lastStallUsec = 12_300_000
        #expect(DaemonInfoText.render(stalled, time: SamplePeers.time).hasSuffix(
            "Stalls:  2 (the monitor itself did not run; latest 12.3 s)\n"))
        var fromCommandLine = info
        fromCommandLine.configPath = nil
        #expect(DaemonInfoText.render(fromCommandLine, time: SamplePeers.time)
            .contains("Config:  none, endpoints from the command line (generation 3)"))
    }

    @Test("Timestamps are local time: the offset in force at that instant is applied")
    func localTime() {
        let time = DisplayTime(nowUsec: SamplePeers.nowUsec) { _ in 3600 }
        #expect(time.timestamp(SamplePeers.nowUsec) == "2026-11-21 21:43:05")
        #expect(SamplePeers.time.timestamp(0) == "1970-01-01 00:00:00")
        #expect(SamplePeers.time.timestamp(951_782_400_000_000) == "2000-02-29 00:00:00")
        #expect(SamplePeers.time.timestamp(-1) == "1969-12-31 23:59:59")
    }

    @Test("Spans", arguments: [
        (Int64(-5), "0 ms"), (0, "0 ms"), (850, "850 ms"), (1_000, "1 s"), (4_240, "4.2 s"), (9_949, "9.9 s"),
        (9_950, "10 s"), (12_340, "12.3 s"), (59_949, "59.9 s"), (59_950, "1 min 0 s"), (192_000, "3 min 12 s"),
        (7_620_000, "2 h 7 min"), (277_200_000, "3 d 5 h"),
    ])
    func spans(milliseconds: Int64, text: String) {
        #expect(DurationText.humanReadable(milliseconds: milliseconds) == text)
    }

    @Test("Round-trip times", arguments: [
        (Int64(37), "0.04 ms"), (412, "0.41 ms"), (9_994, "9.99 ms"), (9_995, "10 ms"), (123_456, "123 ms"),
        (999_500, "1 s"), (2_340_000, "2.3 s"),
    ])
    func roundTrips(microseconds: Int64, text: String) {
        #expect(DurationText.roundTrip(microseconds: microseconds) == text)
    }
}
