import KeepaliveCore
import Testing

@Suite("Reading TCP_INFO the way the keepalive timer works")
struct KeepaliveReadingTests {
    let reading = KeepaliveReading(keepalive: KeepaliveSettings(idle: .seconds(10), interval: .seconds(5), count: 3))

    @Test("A quiet healthy connection is sampled once per cycle, just after the next probe has certainly gone out and been answered")
    func healthySchedule() {
        let sample = Fixtures.sample(silence: .seconds(4))
        let delay = reading.nextSample(after: sample, previousProbes: sample.probes)
        // Probe due at 10 s of silence; the kernel's wheel may send it up to 256 + 256 + 4 ms late.
        #expect(delay == .seconds(6) + .milliseconds(516) + reading.answerTime(sample))
    }

    @Test("At a 30 s idle time the sample waits out the kernel's 2 s lateness instead of polling through it")
    func longIdleLateness() {
        let slow = KeepaliveReading(keepalive: KeepaliveSettings(idle: .seconds(30), interval: .seconds(5), count: 3))
        // Just after the probe was due, it has not left yet: one more look, after the latest it can leave.
        let due = Fixtures.sample(silence: .milliseconds(30_100))
        #expect(slow.nextSample(after: due, previousProbes: 0) == .milliseconds(2208) + slow.answerTime(due))
    }

    @Test("Samples never wait longer than a minute, however long the idle time")
    func longIdle() {
        let hours = KeepaliveReading(keepalive: KeepaliveSettings(idle: .seconds(7200), interval: .seconds(75), count: 9))
        #expect(hours.nextSample(after: Fixtures.sample(silence: .zero), previousProbes: 0) == .seconds(60))
    }

    @Test("While probes are outstanding, samples come at least once per interval, right after the next probe")
    func probingSchedule() {
        // Probe 1 went out at silence 10 s; probe 2 is due at 15 s, armed 5 s ahead (256 ms granularity), so
        // sent by 15.26 s.
        let sample = Fixtures.sample(probes: 1, silence: .milliseconds(10_500))
        let delay = reading.nextSample(after: sample, previousProbes: sample.probes)
        #expect(delay == .milliseconds(4760) + reading.answerTime(sample))
        // Never more than one interval while probes are outstanding.
        let early = Fixtures.sample(probes: 1, silence: .milliseconds(10_010))
        #expect(reading.nextSample(after: early, previousProbes: 1) == .seconds(5))
        let later = Fixtures.sample(probes: 1, silence: .milliseconds(12_000))
        #expect(reading.nextSample(after: later, previousProbes: 1) == .milliseconds(3260) + reading.answerTime(later))
    }

    @Test("A probe counts as unanswered only once it has been seen outstanding longer than the answer time")
    func probeAge() {
        let sample = Fixtures.sample(probes: 1, silence: .milliseconds(10_300))
        #expect(reading.unansweredProbes(sample, seenFor: .zero) == 0)
        #expect(reading.unansweredProbes(sample, seenFor: reading.answerTime(sample)) == 1)
        // A second probe seen for the first time proves the first unanswered.
        #expect(reading.unansweredProbes(Fixtures.sample(probes: 2, silence: .milliseconds(15_010)), seenFor: .zero) == 1)
        #expect(reading.unansweredProbes(Fixtures.sample(silence: .seconds(3)), seenFor: .seconds(1)) == 0)
    }

    @Test("A newly seen probe is looked at again one answer time later")
    func confirmNewProbe() {
        let sample = Fixtures.sample(probes: 1, silence: .milliseconds(10_040))
        #expect(reading.nextSample(after: sample, previousProbes: 0) == reading.answerTime(sample))
    }

    @Test("The answer time grows with a slow path, so a far peer is not called suspect")
    func slowPath() {
        let far = Fixtures.sample(probes: 1, silence: .milliseconds(10_300), rtt: .milliseconds(150))
        #expect(reading.unansweredProbes(far, seenFor: .milliseconds(250)) == 0)
        #expect(reading.answerTime(far) >= .milliseconds(300))
    }

    @Test("No probe where one was due (data in flight holds keepalive back): sample once per interval")
    func noProbeWhenDue() {
        #expect(reading.nextSample(after: Fixtures.sample(silence: .seconds(30)), previousProbes: 0) == .seconds(5))
    }

    @Test("The kernel's silence is the later of the last data and the last ACK")
    func silence() {
        let sample = TCPInfoSnapshot(
            state: 1, probes: 0, backoff: 0, totalRetransmits: 0, unacked: 0, lastDataReceived: .seconds(2),
            lastAckReceived: .seconds(9), rtt: .zero, rttVariance: .zero)
        #expect(sample.silence == .seconds(2))
        #expect(sample.stateName == "ESTABLISHED")
    }
}
