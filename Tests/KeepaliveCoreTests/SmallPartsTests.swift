import KeepaliveCore
import Testing

@Suite("Durations, backoff, errnos, addresses and reload diffs")
struct SmallPartsTests {
    @Test("Durations as operators write them", arguments: [
        ("250ms", Duration.milliseconds(250)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("2h", .seconds(7200)),
        ("1m30s", .seconds(90)),
    ])
    func durations(text: String, value: Duration) {
        #expect(DurationText.parse(text) == value)
    }

    @Test("Not durations", arguments: ["", "30", "s", "1.5s", "-1s", "10 s", "3d"])
    func notDurations(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test("Formatting picks the largest exact unit; spans read like a person would say them")
    func formatting() {
        #expect(DurationText.format(.seconds(7200)) == "2h")
        #expect(DurationText.format(.milliseconds(1500)) == "1500ms")
        #expect(DurationText.humanReadable(.milliseconds(4096)) == "4.1 s")
        #expect(DurationText.humanReadable(.seconds(7875)) == "2 h 11 min")
        #expect(DurationText.humanReadable(.milliseconds(850)) == "850 ms")
    }

    @Test("Backoff doubles up to the maximum and jitter only shortens it")
    func backoff() {
        let policy = ReconnectPolicy(initial: .milliseconds(500), maximum: .seconds(30), jitter: 0.2)
        #expect((0..<8).map { policy.delay(attempt: $0, unitRandom: 0) } == [
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(30), .seconds(30),
        ])
        #expect(policy.delay(attempt: 0, unitRandom: 0.999_999) > .milliseconds(400))
        #expect(policy.delay(attempt: 0, unitRandom: 0.5) == .milliseconds(450))
        #expect(policy.delay(attempt: 1000, unitRandom: 0) == .seconds(30))
    }

    @Test("Errnos on connect and on an established connection", arguments: [
        (Int32(111), DownReason.refused, DownReason.reset), (113, .unreachable, .unreachable),
        (101, .unreachable, .unreachable), (13, .unreachable, .unreachable), (110, .timeout, .halfOpen),
        (104, .reset, .reset),
    ])
    func errnos(errno: Int32, onConnect: DownReason, onConnection: DownReason) {
        #expect(ErrnoClassifier.connectFailure(errno: errno).reason == onConnect)
        #expect(ErrnoClassifier.connectionFailure(errno: errno).reason == onConnection)
    }

    @Test("Addresses: IPv4, bracketed IPv6, DNS names; mistakes explained")
    func addresses() throws {
        #expect(try EndpointAddress.parse("10.0.0.5:5432") == EndpointAddress(host: "10.0.0.5", port: 5432, kind: .ipv4))
        #expect(try EndpointAddress.parse("[fd00::5]:80") == EndpointAddress(host: "fd00::5", port: 80, kind: .ipv6))
        #expect(try EndpointAddress.parse("db.example.com:5432").kind == .dnsName)
        #expect(try EndpointAddress.parse("[fd00::5]:80").description == "[fd00::5]:80")
        for bad in ["fd00::5:80", "[1:2]:80", "[fd00::5%eth0]:80", "10.0.0.5", "10.0.0.5:0", "10.0.0.5:99999", "[fd00::5:80", ":80", "300.1.1.1:80"] {
            #expect(throws: AddressError.self, "\(bad)") { try EndpointAddress.parse(bad) }
        }
    }

    @Test("A reload diff matches endpoints by name and compares every resolved setting")
    func diff() {
        let a = Fixtures.endpoint("a")
        let b = Fixtures.endpoint("b")
        var bChanged = b
        bChanged.connectTimeout = .seconds(9)
        let c = Fixtures.endpoint("c")
        let diff = ConfigDiff(
            from: MonitorConfig(endpoints: [a, b], path: nil), to: MonitorConfig(endpoints: [a, bChanged, c], path: nil))
        #expect(diff.unchanged == ["a"])
        #expect(diff.changed == [bChanged])
        #expect(diff.added == [c])
        #expect(diff.removed.isEmpty)
        #expect(diff.summary == "1 added, 0 removed, 1 changed, 1 unchanged")
        #expect(ConfigDiff(from: MonitorConfig(endpoints: [a, b], path: nil), to: MonitorConfig(endpoints: [b], path: nil)).removed == ["a"])
    }
}
