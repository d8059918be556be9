import Logging
import Testing

@testable import KeepaliveSystemd

/// The stderr format: golden lines, and rendering then parsing gives back what went in.
@Suite
struct StderrLogLineTests {
    /// 2026-11-21T20:30:01.123456789Z
    let timestamp = RealtimeTimestamp(secondsSinceEpoch: 1_795_293_001, nanoseconds: 123_456_789)

    @Test func rendersTheDocumentedExample() {
        let line = StderrLogLine.render(
            timestamp: self.timestamp,
            level: .error,
            message: "MESSAGE",
            fields: [
                JournalField("TCP_PROBES", "3"), JournalField("PEER", "db"), JournalField("PEER_STATE", "down"),
            ]
        )
        #expect(line == "2026-11-21T20:30:01.123Z err     MESSAGE PEER=db PEER_STATE=down TCP_PROBES=3\n")
    }

    @Test(arguments: [
        (Logger.Level.trace, "debug  "), (.debug, "debug  "), (.info, "info   "), (.notice, "notice "),
        (.warning, "warning"), (.error, "err    "), (.critical, "crit   "),
    ])
    func padsTheSyslogKeyword(level: Logger.Level, padded: String) {
        let line = StderrLogLine.render(timestamp: self.timestamp, level: level, message: "Hello", fields: [])
        #expect(line == "2026-11-21T20:30:01.123Z \(padded) Hello\n")
    }

    @Test func quotesValuesThatNeedIt() {
        let line = StderrLogLine.render(
            timestamp: self.timestamp,
            level: .info,
            message: "Reloaded",
            fields: [
                JournalField("A_EMPTY", ""), JournalField("B_SPACE", "two words"),
                JournalField("C_QUOTE", #"say "hi""#),
                JournalField("D_EQUALS", "k=v"), JournalField("E_NEWLINE", "one\ntwo"),
                JournalField("F_PLAIN", #"a\b"#),
                JournalField("G_BACKSLASH_SPACE", #"a\ b"#), JournalField("H_CONTROL", "bell\u{07}"),
            ]
        )
        #expect(
            line == "2026-11-21T20:30:01.123Z info    Reloaded "
                + #"A_EMPTY="" B_SPACE="two words" C_QUOTE="say \"hi\"" D_EQUALS="k=v" E_NEWLINE="one\ntwo" "#
                + #"F_PLAIN=a\b G_BACKSLASH_SPACE="a\\ b" H_CONTROL="bell\x07""# + "\n"
        )
    }

    @Test(arguments: [
        "Peer is down", "", " leading", "trailing ", "two  spaces", "a=b", #"quoted "word""#, "line\nbreak",
        "tab\there", "ünïcödé ✓", #"back\slash"#, "PEER=db",
    ])
    func messageRoundTrips(message: String) throws {
        let fields = [JournalField("PEER", "db"), JournalField("MESSAGE_ID", "f764b7df88a74687a682f8836bf27d3e")]
        let line = StderrLogLine.render(timestamp: self.timestamp, level: .warning, message: message, fields: fields)
        #expect(line.filter { $0 == "\n" }.count == 1, "one entry, one line")
        let parsed = try #require(StderrLogLine.parse(line))
        #expect(parsed.message == message)
        #expect(parsed.keyword == "warning")
        #expect(parsed.timestamp == "2026-11-21T20:30:01.123Z")
        #expect(parsed.fields == ["PEER": "db", "MESSAGE_ID": "f764b7df88a74687a682f8836bf27d3e"])
    }

    @Test(arguments: [
        "", " ", "plain", "two words", #"""#, #"a "quoted" b"#, "k=v", "=", "multi\nline\r\n", "\t", #"\"#,
        #"\n literally"#, "ünïcödé ✓", "\u{01}\u{1F}\u{7F}", "trailing space ",
    ])
    func valueRoundTrips(value: String) {
        let line = StderrLogLine.render(
            timestamp: self.timestamp,
            level: .info,
            message: "Hello",
            fields: [JournalField("VALUE", value), JournalField("NEXT", "x")]
        )
        #expect(StderrLogLine.parseFields(line) == ["VALUE": value, "NEXT": "x"])
    }

    @Test func fieldsAreSortedByName() {
        let line = StderrLogLine.render(
            timestamp: self.timestamp,
            level: .info,
            message: "Hello",
            fields: [JournalField("Z", "1"), JournalField("A", "2"), JournalField("M", "3")]
        )
        #expect(line.hasSuffix(" A=2 M=3 Z=1\n"))
    }

    @Test func parsesALineWithoutFieldsOrNewline() throws {
        let parsed = try #require(StderrLogLine.parse("2026-11-21T20:30:01.123Z notice  Started"))
        #expect(parsed.message == "Started")
        #expect(parsed.fields.isEmpty)
    }

    @Test(arguments: [
        "", "\n", "hello world", "Fatal error: something", "2026-11-21T20:30:01.123Z bogus   Message",
        #"2026-11-21T20:30:01.123Z info    Msg A="unterminated"#, #"2026-11-21T20:30:01.123Z info    Msg A="bad \q""#,
        "2026-11-21T20:30:01.123Z info    Msg lower=case", "2026-11-21T20:30:01.123Z info    Msg A=1 B",
    ])
    func rejectsWhatIsNotALogLine(line: String) {
        #expect(StderrLogLine.parse(line) == nil)
        #expect(StderrLogLine.parseFields(line).isEmpty)
    }
}
