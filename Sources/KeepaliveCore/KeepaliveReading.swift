/// Reads a TCP_INFO snapshot the way the kernel's keepalive timer works, to say how many probes have really
/// gone unanswered and when the next sample can show something new.
///
/// The kernel sends probe k+1 when the peer has been silent for `idle + k × interval` (give or take its timer
/// wheel's granularity); `tcpi_probes` counts a probe from the moment it is sent, so a probe younger than one
/// round trip is in flight, not unanswered.
public struct KeepaliveReading: Hashable, Sendable {
    public var keepalive: KeepaliveSettings

    /// Slack for the kernel's timer wheel (it rounds up in 32 ms steps; probes go out 20–30 ms late) on top of
    /// a generous round trip, so a healthy peer's answer is never mistaken for silence.
    public static let timerSlack: Duration = .milliseconds(60)
    /// Never wait less than this for an answer, however short the measured RTT.
    public static let minimumAnswerTime: Duration = .milliseconds(40)
    /// Upper bound between samples of a quiet, healthy connection, so that RTT and the last-ACK age shown to
    /// operators stay fresh even with an idle time of hours.
    public static let maximumSampleInterval: Duration = .seconds(60)

    public init(keepalive: KeepaliveSettings) {
        self.keepalive = keepalive
    }

    /// How long to give the peer to answer a probe: the timer slack plus a pessimistic round trip.
    public func answerTime(_ snapshot: TCPInfoSnapshot) -> Duration {
        Self.timerSlack + max(Self.minimumAnswerTime, snapshot.rtt * 2 + snapshot.rttVariance * 4)
    }

    /// Probes unanswered, given how long the current probe count has been seen outstanding (`seenFor`, measured
    /// by the caller from the first sample that showed it). The newest probe counts only once it has been
    /// outstanding longer than a pessimistic round trip: when it was sent cannot be told from TCP_INFO, since the
    /// kernel's timer wheel may send a probe due after a long idle time a quarter of a second late.
    public func unansweredProbes(_ snapshot: TCPInfoSnapshot, seenFor: Duration) -> Int {
        guard snapshot.probes > 0 else { return 0 }
        return seenFor >= answerTime(snapshot) ? snapshot.probes : snapshot.probes - 1
    }

    /// When to read TCP_INFO next: just after the next probe can have gone out and been answered, at least once
    /// per interval while probes are outstanding, and one answer time after a new probe is first seen, to learn
    /// whether it is answered. Death needs no sample: the kernel reports it as an error.
    public func nextSample(after snapshot: TCPInfoSnapshot, previousProbes: Int) -> Duration {
        let answer = answerTime(snapshot)
        if snapshot.probes > previousProbes {
            return answer
        }
        let silence = snapshot.silence
        let nextProbeAt = keepalive.idle + keepalive.interval * snapshot.probes
        let delay: Duration
        if silence < nextProbeAt {
            delay = nextProbeAt - silence + answer
        } else if silence < nextProbeAt + keepalive.interval {
            // The probe is due; the timer wheel may send it late. Look again shortly.
            delay = answer
        } else {
            // No probe where one was due: data in flight holds keepalive back, so there is nothing to time.
            delay = keepalive.interval
        }
        let ceiling = snapshot.probes > 0 ? min(keepalive.interval, Self.maximumSampleInterval) : Self.maximumSampleInterval
        return min(max(delay, .milliseconds(5)), ceiling)
    }
}
