import Glibc
import KeepaliveCore
import KeepaliveDaemon

/// The TCP_INFO fuzz target: arbitrary bytes of the kernel's `struct tcp_info` in, snapshots and the verdicts
/// they lead to out.
///
/// The input is the keepalive settings (idle and interval as two bytes each, count as one, each folded into the
/// kernel's range) and then samples: two bytes of milliseconds since the previous sample, then up to 104 bytes
/// of the struct, copied as `getsockopt` copies it (a short last sample leaves the rest zero, as an older
/// kernel's shorter struct would). Each goes through the daemon's `TCPInfoReader` into a connected peer's
/// `PeerStateMachine`.
///
/// Invariants: each snapshot field is the kernel's field at its documented offset (the layout the README
/// states: probes at 3, last ACK at 56, RTT at 68…); the reading never counts more probes unanswered than are
/// outstanding nor more than one fewer; samples are planned between 5 ms and a minute ahead (an interval while
/// probes are outstanding); the verdict is up exactly when no probe is unanswered, and a loss takes the peer down
/// with the larger probe evidence.
public enum TCPInfoFuzzTarget {
    /// What the peer made of the samples.
    public struct Outcome: Hashable, Sendable {
        public var keepalive: KeepaliveSettings
        public var snapshots: [TCPInfoSnapshot]
        /// The verdict after the last sample, before the loss.
        public var verdict: PeerVerdict
        public var unansweredProbes: Int
        /// The events reported along the way, the final loss included.
        public var events: [PeerReport.Kind]
    }

    /// Bytes of one sample: Glibc's `struct tcp_info`, which the daemon reads.
    public static let structSize = MemoryLayout<tcp_info>.size
    /// Samples per input, so that one long input cannot turn into a slow one.
    static let maximumSamples = 64

    public static func run(_ input: [UInt8]) -> FuzzRun<Outcome> {
        var bytes = FuzzInput(input)
        let keepalive = KeepaliveSettings(
            idle: .seconds(1 + Int64(bytes.uint16()) % 32767),
            interval: .seconds(1 + Int64(bytes.uint16()) % 32767),
            count: 1 + Int(bytes.byte()) % 127)
        let endpoint = EndpointConfig(
            name: "fuzz", address: EndpointAddress(host: "10.0.0.5", port: 5432, kind: .ipv4), keepalive: keepalive,
            userTimeout: keepalive.deadline, connectTimeout: .seconds(5), reconnect: BuiltInDefaults.reconnect)
        var now = MonotonicInstant(nanoseconds: 1_000_000_000)
        var machine = PeerStateMachine(endpoint: endpoint, at: now)
        var events = (machine.started(at: now) + machine.connected(remoteAddress: "10.0.0.5:5432", at: now))
            .compactMap(\.event)
        var log = InvariantLog()
        var snapshots: [TCPInfoSnapshot] = []
        var previousProbes = 0
        while !bytes.isAtEnd, snapshots.count < maximumSamples {
            now = now + .milliseconds(Int64(bytes.uint16()))
            let raw = Array(bytes.bytes(upTo: structSize))
            var info = tcp_info()
            withUnsafeMutableBytes(of: &info) { info in raw.withUnsafeBytes { info.copyMemory(from: $0) } }
            let snapshot = TCPInfoReader.snapshot(info)
            KernelLayout.check(snapshot, against: raw, &log)
            checkReading(machine.reading, snapshot, previousProbes: previousProbes, &log)
            previousProbes = snapshot.probes
            events += machine.sampled(snapshot, at: now).compactMap(\.event)
            checkVerdict(machine, &log)
            snapshots.append(snapshot)
        }
        let verdict = machine.verdict
        let unanswered = machine.unansweredProbes
        let highest = snapshots.last?.probes ?? 0
        events += machine.lost(PeerFailure(reason: .halfOpen, errno: 110), finalSample: snapshots.last, at: now)
            .compactMap(\.event)
        log.check(machine.verdict == .down(.halfOpen), "a lost connection is \(machine.verdict), not down")
        log.check(machine.unansweredProbes >= highest, "the loss forgot probes: \(machine.unansweredProbes)")
        let outcome = Outcome(
            keepalive: keepalive, snapshots: snapshots, verdict: verdict, unansweredProbes: unanswered, events: events)
        return log.run(outcome)
    }

    private static func checkReading(
        _ reading: KeepaliveReading,
        _ snapshot: TCPInfoSnapshot,
        previousProbes: Int,
        _ log: inout InvariantLog
    ) {
        for seenFor in [Duration.zero, reading.answerTime(snapshot), .seconds(3600)] {
            let unanswered = reading.unansweredProbes(snapshot, seenFor: seenFor)
            log.check(
                unanswered <= snapshot.probes && unanswered >= max(0, snapshot.probes - 1),
                "\(unanswered) unanswered of \(snapshot.probes) outstanding probes")
        }
        log.check(reading.answerTime(snapshot) >= .milliseconds(100), "an answer time under 100 ms")
        let next = reading.nextSample(after: snapshot, previousProbes: previousProbes)
        let ceiling = snapshot.probes > 0 ? min(reading.keepalive.interval, .seconds(60)) : .seconds(60)
        log.check(next >= .milliseconds(5) && next <= ceiling, "next sample in \(next), not within 5 ms…\(ceiling)")
    }

    private static func checkVerdict(_ machine: PeerStateMachine, _ log: inout InvariantLog) {
        switch machine.verdict {
        case .up:
            log.check(machine.unansweredProbes == 0, "up with \(machine.unansweredProbes) probes unanswered")
        case .suspect(let probes):
            log.check(machine.unansweredProbes > 0, "suspect with no probe unanswered")
            log.check(probes >= machine.unansweredProbes, "suspect with \(probes), fewer than unanswered")
        default:
            log.check(false, "a connected peer is \(machine.verdict)")
        }
    }
}

extension PeerStateMachine.Action {
    var event: PeerReport.Kind? {
        if case .report(let event) = self { return event.kind }
        return nil
    }
}
