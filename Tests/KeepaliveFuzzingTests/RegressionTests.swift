import KeepaliveConfig
import KeepaliveControl
import KeepaliveCore
import KeepaliveFuzzing
import Testing

/// Every input a fuzzer ever crashed (`Fixtures/TARGET/NAME`), through the entry function that found it: it
/// must break no invariant now, and it must end the way the fix says. A new finding gets a file here and a test
/// below; `everyFixtureHasATest` keeps the two in step.
@Suite("Fuzz findings stay fixed")
struct RegressionTests {
    static let tested: [String: Set<String>] = [
        "FuzzConfig": [
            "table-header-without-name.toml", "bracket-at-end-of-line.toml", "date-time-without-time.toml",
            "byte-order-mark-before-bracket.toml", "brace-in-array.toml", "date-space-lone-digit.toml",
            "date-like-space-lone-digit.toml", "crlf-before-a-nul.toml",
        ],
        "FuzzTextParsers": ["ipv4-leading-zero", "duration-past-the-maximum"],
        "FuzzTCPInfo": ["answer-time-past-interval"],
        "FuzzJSONReader": ["invalid-utf8-in-skipped-key", "repeated-key-in-peer", "repeated-key-in-envelope"],
        "FuzzVarlink": ["oneway-call-with-invalid-utf8"],
    ]

    @Test("every regression file has a test here")
    func everyFixtureHasATest() throws {
        for (target, names) in Self.tested {
            #expect(try FuzzFiles.regressionNames(target) == names, "\(target)")
        }
    }

    /// toml++ (inside TOMLKit) asserted on `[,defaults]`: the daemon aborted with status 134 on that typo, and on
    /// a reload the running daemon died with it. Now it is one diagnostic like any other.
    @Test("a table header without a name is a diagnostic, not an abort")
    func tableHeaderWithoutName() throws {
        let run = ConfigFuzzTarget.run(try FuzzFiles.regression("FuzzConfig", "table-header-without-name.toml"))
        #expect(run.violations == [])
        #expect(
            run.outcome == .diagnostics([
                ConfigDiagnostic(
                    source: "fuzz.toml", line: 1, column: 2,
                    message: "expected a table name (a bare or quoted key) after \"[\", found \",\"")
            ]))
        let endOfLine = ConfigFuzzTarget.run(try FuzzFiles.regression("FuzzConfig", "bracket-at-end-of-line.toml"))
        #expect(endOfLine.violations == [])
        #expect(
            endOfLine.outcome == .diagnostics([
                ConfigDiagnostic(
                    source: "fuzz.toml", line: 4, column: 2,
                    message: "expected a table name (a bare or quoted key) after \"[\", found the end of the line")
            ]))
    }

    /// toml++ asserted on a date followed by `T` and no time (`1979-05-27T:07`): the same abort as above.
    @Test("a date-time without its time is a diagnostic, not an abort")
    func dateTimeWithoutTime() throws {
        let run = ConfigFuzzTarget.run(try FuzzFiles.regression("FuzzConfig", "date-time-without-time.toml"))
        #expect(run.violations == [])
        #expect(
            run.outcome == .diagnostics([
                ConfigDiagnostic(
                    source: "fuzz.toml", line: 1, column: 18,
                    message: "expected a time (HH:MM:SS) after \"T\" in a date-time")
            ]))
    }

    /// toml++ asserted (`!is_value_terminator(*cp)`, in its value scan) on a date, a space and one lone digit:
    /// the start of a date-time whose time never comes. Found by fuzzing toml++ alone, past the guard.
    @Test("a date, a space and a lone digit is a diagnostic, not an abort")
    func dateSpaceLoneDigit() throws {
        let run = ConfigFuzzTarget.run(try FuzzFiles.regression("FuzzConfig", "date-space-lone-digit.toml"))
        #expect(run.violations == [])
        #expect(
            run.outcome == .diagnostics([
                ConfigDiagnostic(
                    source: "fuzz.toml", line: 2, column: 29,
                    message: "expected a time (HH:MM:SS) after the space in a date-time")
            ]))
    }

    /// The same assertion through toml++'s loose test of "looks like a date": `8084-10-2<` passes it (a `<`
    /// sets no trait), so ` 8` and a newline made it scan on. Found by fuzzing toml++ alone.
    @Test("something date-like, a space and a lone digit is a diagnostic, not an abort")
    func dateLikeSpaceLoneDigit() throws {
        let run = ConfigFuzzTarget.run(try FuzzFiles.regression("FuzzConfig", "date-like-space-lone-digit.toml"))
        #expect(run.violations == [])
        #expect(
            run.outcome == .diagnostics([
                ConfigDiagnostic(
                    source: "fuzz.toml", line: 1, column: 16,
                    message: "expected a time (HH:MM:SS) after the space in a date-time")
            ]))
    }

    /// toml++ takes a byte-order mark (and other non-ASCII spaces) for whitespace, so `\u{FEFF}[` at the start
    /// of a file opened a table header the guard did not see, and the parser asserted as above. CI's 30 s fuzz
    /// run found it.
    @Test("a byte-order mark before a nameless header is a diagnostic, not an abort")
    func byteOrderMarkBeforeBracket() throws {
        let run = ConfigFuzzTarget.run(try FuzzFiles.regression("FuzzConfig", "byte-order-mark-before-bracket.toml"))
        #expect(run.violations == [])
        #expect(
            run.outcome == .diagnostics([
                ConfigDiagnostic(
                    source: "fuzz.toml", line: 1, column: 3,
                    message: "expected a table name (a bare or quoted key) after \"[\", found the end of the line")
            ]))
    }

    /// toml++ asserted (`!is_value_terminator(*cp)`) on a `}` where an array's next value or its `]` was due.
    @Test("a brace inside an array is a diagnostic, not an abort")
    func braceInArray() throws {
        let run = ConfigFuzzTarget.run(try FuzzFiles.regression("FuzzConfig", "brace-in-array.toml"))
        #expect(run.violations == [])
        #expect(
            run.outcome == .diagnostics([
                ConfigDiagnostic(
                    source: "fuzz.toml", line: 5, column: 1,
                    message: "expected a value or \"]\" in an array, found \"}\"")
            ]))
    }

    /// A `oneway` call with invalid UTF-8 in a parameter no method reads went unanswered: JSONDecoder checks a
    /// string only when it decodes one. The message is not JSON, so it gets the error any non-JSON gets.
    @Test("a message that is not UTF-8 gets InvalidParameter, even oneway")
    func onewayCallWithInvalidUTF8() async throws {
        let run = await VarlinkFuzzTarget.run(
            try FuzzFiles.regression("FuzzVarlink", "oneway-call-with-invalid-utf8"))
        #expect(run.violations == [])
        #expect(
            run.outcome.replies == [[
                #"{"error":"org.varlink.service.InvalidParameter","parameters":{"parameter":""}}"#
            ]])
    }

    /// `10.0.0.03` passed as IPv4, then every connect failed: `inet_pton`, which the connect uses, refuses
    /// leading zeros.
    @Test("an IPv4 address with a leading zero is refused, as inet_pton refuses it")
    func ipv4LeadingZero() throws {
        let input = try FuzzFiles.regression("FuzzTextParsers", "ipv4-leading-zero")
        let run = TextParsersFuzzTarget.run(input)
        #expect(run.violations == [])
        #expect(run.outcome.address == nil)
        let error = #expect(throws: AddressError.self) {
            try EndpointAddress.parse(String(decoding: input, as: UTF8.self))
        }
        #expect(error?.message == "\"10.0.0.03\" is neither an IPv4 address nor a DNS name")
    }

    /// A probe seen for the first time planned the next sample one answer time ahead, however long: with an RTT
    /// of hours from the struct, past the interval the reading promises to look within.
    @Test("a new probe's next sample stays within the interval, whatever the RTT")
    func answerTimePastInterval() throws {
        let run = TCPInfoFuzzTarget.run(try FuzzFiles.regression("FuzzTCPInfo", "answer-time-past-interval"))
        #expect(run.violations == [])
        let reading = KeepaliveReading(keepalive: run.outcome.keepalive)
        let slow = try #require(run.outcome.snapshots.first { reading.answerTime($0) > run.outcome.keepalive.interval })
        #expect(reading.nextSample(after: slow, previousProbes: slow.probes - 1) == run.outcome.keepalive.interval)
    }

    /// The reader skipped a key holding invalid UTF-8 and accepted a document `JSONDecoder` refuses: JSON text
    /// is UTF-8, so both refuse it now.
    @Test("invalid UTF-8 in a skipped key is refused by the reader as by JSONDecoder")
    func invalidUTF8InSkippedKey() throws {
        let run = JSONReaderFuzzTarget.run(try FuzzFiles.regression("FuzzJSONReader", "invalid-utf8-in-skipped-key"))
        #expect(run.violations == [])
        #expect(run.outcome.listPeers == .init(reader: false, decoder: false))
    }

    /// CI's smoke run found a peer with a key written twice: `JSONDecoder` keeps the first value, the one-pass reader
    /// kept the last, so keepalivectl would have shown a different reason depending on which reader read it. The
    /// reader now refuses a repeated key, and `JSONDecoder` (first value wins) reads the document.
    @Test("a key written twice is left to JSONDecoder, which keeps its first value")
    func repeatedKey() throws {
        let peer = JSONReaderFuzzTarget.run(try FuzzFiles.regression("FuzzJSONReader", "repeated-key-in-peer"))
        #expect(peer.violations == [])
        #expect(peer.outcome.listPeers == .init(reader: false, decoder: true))
        let reply = try VarlinkMessage.decodeReply(
            try FuzzFiles.regression("FuzzJSONReader", "repeated-key-in-peer"), as: ListPeersReply.self)
        guard case .parameters(let parameters, continues: false) = reply else {
            Issue.record("expected parameters, got \(reply)")
            return
        }
        #expect(parameters.peers.map(\.reason) == [.reset])

        let envelope = JSONReaderFuzzTarget.run(try FuzzFiles.regression("FuzzJSONReader", "repeated-key-in-envelope"))
        #expect(envelope.violations == [])
        #expect(envelope.outcome.listPeers == .init(reader: false, decoder: true))
    }

    /// The 10-minute run: a NUL on line 30 of a file whose line 9 ends in CRLF was reported at line 30, and the
    /// target counted 29 lines (splitting on the Character "\n", which a CRLF is not). The loader was right; the
    /// invariant now counts LF bytes, as the loader and every editor do.
    @Test("a CRLF line ending counts as a line; the diagnostic after it keeps its line")
    func crlfLineCount() throws {
        let run = ConfigFuzzTarget.run(try FuzzFiles.regression("FuzzConfig", "crlf-before-a-nul.toml"))
        #expect(run.violations == [])
        #expect(
            run.outcome == .diagnostics([
                ConfigDiagnostic(source: "fuzz.toml", line: 30, column: 26, message: "unexpected NUL byte")
            ]))
    }

    /// CI's seeded smoke run: `31333133310m310m330s` (1 879 988 017 530 s) was read, printed as 13 digits of seconds,
    /// and the reader refused its own output. Durations now stop at `DurationText.maximum`, whose every printed
    /// form reads back; the limit itself still reads.
    @Test("a duration past the maximum is not a duration; the maximum prints as text that reads back")
    func durationPastTheMaximum() throws {
        let input = try FuzzFiles.regression("FuzzTextParsers", "duration-past-the-maximum")
        let run = TextParsersFuzzTarget.run(input)
        #expect(run.violations == [])
        #expect(run.outcome.duration == nil)
        #expect(DurationText.parse(String(decoding: input, as: UTF8.self)) == nil)
        #expect(DurationText.format(DurationText.maximum) == "999999999999s")
        #expect(DurationText.parse("999999999999s") == DurationText.maximum)
        let longest = DurationText.maximum - .milliseconds(1)
        #expect(DurationText.format(longest) == "999999999998999ms")
        #expect(DurationText.parse(DurationText.format(longest)) == longest)
        #expect(DurationText.parse("999999999999s1ms") == nil)
    }
}
