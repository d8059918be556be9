/// Reads a TCP_INFO snapshot the way the kernel's keepalive timer works, to say how many probes have really
/// gone unanswered and when the next sample can show something new.
///
/// The kernel sends probe k+1 when the peer has been silent for `idle + k × interval` (give or take its timer
/// wheel's granularity); `tcpi_probes` counts a probe from the moment it is sent, so a probe younger than one
/// round trip is in flight, not unanswered.
public struct KeepaliveReading: Hashable, Sendable {
    public let keepalive: KeepaliveSettings
    /// The kernel's timer granularity, to know how late a probe can leave.
    public let wheel: KernelTimerWheel
    /// `wheel.probeLateness` for the first probe of a cycle and for later ones, worked out once: this is read on
    /// every sample.
    private let firstProbeLateness: Duration
    private let laterProbeLateness: Duration

    /// Slack for the kernel's timer wheel (it rounds up in 32 ms steps; probes go out 20–30 ms late) on top of
    /// a generous round trip, so a healthy peer's answer is never mistaken for silence.
    public static let timerSlack: Duration = .milliseconds(60)
    /// Never wait less than this for an answer, however short the measured RTT.
    public static let minimumAnswerTime: Duration = .milliseconds(40)
    /// Upper bound between samples of a quiet, healthy connection, so that RTT and the last-ACK age shown to
    /// operators stay fresh even with an idle time of hours.
    public static let maximumSampleInterval: Duration = .seconds(60)

    public init(keepalive: KeepaliveSettings, wheel: KernelTimerWheel = KernelTimerWheel()) {
        self.keepalive = keepalive
        self.wheel = wheel
        self.firstProbeLateness = wheel.probeLateness(keepalive, outstandingProbes: 0)
        self.laterProbeLateness = wheel.probeLateness(keepalive, outstandingProbes: 1)
    }

    /// How long to give the peer to answer a probe: the timer slack plus a pessimistic round trip.
    public func answerTime(_ snapshot: TCPInfoSnapshot) -> Duration {
        // Sums rather than `Duration * Int`, which is generic over BinaryInteger and slow on this hot path.
        let rtt = snapshot.rtt + snapshot.rtt
        let variance = snapshot.rttVariance + snapshot.rttVariance
        return Self.timerSlack + max(Self.minimumAnswerTime, rtt + variance + variance)
    }

    /// Probes unanswered, given how long the current probe count has been seen outstanding (`seenFor`, measured
    /// by the caller from the first sample that showed it). The newest probe counts only once it has been
    /// outstanding longer than a pessimistic round trip: when it was sent cannot be told from TCP_INFO, since the
    /// kernel's timer wheel may send a probe due after a long idle time a quarter of a second late.
    public func unansweredProbes(_ snapshot: TCPInfoSnapshot, seenFor: Duration) -> Int {
        guard snapshot.probes > 0 else { return 0 }
        return seenFor >= answerTime(snapshot) ? snapshot.probes : snapshot.probes - 1
    }

    /// When to read TCP_INFO next: once the next probe has certainly gone out (the kernel's timer wheel sends it
    /// up to `KernelTimerWheel.probeLateness` after it is due) and been answered, at least once per interval while
    /// probes are outstanding, and one answer time after a new probe is first seen, to learn whether it is
    /// answered. A healthy connection costs one sample per keepalive cycle; death needs none, since the kernel
    /// reports it as an error.
    ///
    /// Looking just after the probe is due and then polling until it leaves would cost ten samples a cycle at a
    /// 30 s idle time, where the kernel sends probes up to 2 s late.
    public func nextSample(after snapshot: TCPInfoSnapshot, previousProbes: Int) -> Duration {
        let answer = answerTime(snapshot)
        let delay: Duration
        if snapshot.probes > previousProbes {
            // Capped at the interval like every other delay: with a slow round trip (60 ms of slack plus 2 × 300 ms
            // + 4 × 150 ms is more than a 1 s interval) the next probe is due before this one's answer.
            delay = answer
        } else {
            let probesSoFar = Duration.nanoseconds(keepalive.interval.nanosecondsRoundedUp * Int64(snapshot.probes))
            let nextProbeAt = keepalive.idle + probesSoFar
            let sentBy = nextProbeAt + (snapshot.probes == 0 ? firstProbeLateness : laterProbeLateness)
            let silence = snapshot.silence
            // Past that with no new probe, data in flight holds keepalive back: there is nothing to time.
            delay = silence < sentBy ? sentBy - silence + answer : keepalive.interval
        }
        let ceiling = snapshot.probes > 0 ? min(keepalive.interval, Self.maximumSampleInterval) : Self.maximumSampleInterval
        return min(max(delay, .milliseconds(5)), ceiling)
    }
}
