/// The verdict logic for one peer: fed events from the connection layer, it decides the verdict, what to tell
/// the operator and what to do next. It performs no I/O and reads no clock; every event carries its instant.
///
/// ```
///  connecting ──connected──▶ up ◀──answered──┐
///      │                      │              │
///  connect failed      probes unanswered ──▶ suspect
///      ▼                      │                │
///    down ◀──────── lost (errno / FIN) ────────┘
///      │  ▲ reconnect failed (stays down, keeps its first reason)
///      └──┘ connected ─▶ up (recovered, with the outage)
/// ```
public struct PeerStateMachine: Sendable {
    /// Where the connection itself stands, independent of the verdict.
    public enum Link: Hashable, Sendable {
        /// Nothing in flight (before `start()`, or after `stop()`).
        case idle
        /// A connect is in flight.
        case connecting
        /// Connected; TCP_INFO samples arrive.
        case connected
        /// Waiting for the backoff delay before the next connect.
        case waitingToReconnect
    }

    /// What the I/O layer must do.
    public enum Action: Hashable, Sendable {
        /// Start a connect (resolving the name first when it is one).
        case connect
        /// Start the next connect after the backoff delay for `attempt` (0 for the first retry).
        case scheduleReconnect(attempt: Int)
        /// Close the current connection and cancel whatever is pending.
        case disconnect
        /// Tell the operator.
        case report(PeerReport)
        /// Write the heartbeat request now, then call `heartbeatSent(at:)`.
        case sendHeartbeat
        /// Call `heartbeatDue(at:)` after this delay (replacing any such timer pending).
        case scheduleHeartbeat(after: Duration)
        /// Call `heartbeatTimeoutDue(at:lateness:requestUnacknowledged:)` after this delay (replacing any
        /// such timer pending).
        case armHeartbeatTimeout(after: Duration)
    }

    /// A timer that ran this late (the monitor itself was stopped or starved) judges nothing: the peer is given
    /// a full timeout more rather than blamed for the monitor's delay.
    public static let monitorLateness: Duration = .milliseconds(100)

    // Stored properties in the order a sample reads them, the endpoint last: see `PeerDriver` (one or two cache
    // misses per sample instead of one per field).

    /// How this peer's TCP_INFO is read and when it is read next.
    public let reading: KeepaliveReading
    public private(set) var link: Link = .idle
    public private(set) var verdict: PeerVerdict = .connecting
    /// Keepalive probes outstanding for longer than a round trip, as of the latest sample.
    public private(set) var unansweredProbes = 0
    /// The probe count of the latest samples and when it was first seen, to tell in-flight from unanswered.
    private var probeSighting: (probes: Int, since: MonotonicInstant)?
    public private(set) var latestSample: TCPInfoSnapshot?
    /// When `latestSample` was read: its durations (last ACK, last data) count back from this instant.
    public private(set) var latestSampleAt: MonotonicInstant?
    /// When the verdict last changed.
    public private(set) var since: MonotonicInstant
    /// The failure the peer went down with; kept until it is up again.
    public private(set) var downFailure: PeerFailure?
    /// Whether any connect has succeeded yet: the first success is `connected`, later ones recover.
    private var hasConnected = false
    public private(set) var remoteAddress: String?
    public private(set) var counters = PeerCounters()
    /// The application heartbeat of the current connection, when the endpoint has one.
    public private(set) var heartbeat: HeartbeatExchange?
    /// Failed connects since the last success; drives the backoff.
    private var failedAttempts = 0
    /// The reason of the latest failed reconnect, so a peer failing the same way every 30 s is reported once.
    private var lastAttemptReason: DownReason?
    public let endpoint: EndpointConfig

    public init(endpoint: EndpointConfig, at now: MonotonicInstant) {
        self.endpoint = endpoint
        self.since = now
        self.reading = KeepaliveReading(keepalive: endpoint.keepalive)
        self.heartbeat = endpoint.heartbeat.map(HeartbeatExchange.init(settings:))
    }

    /// Begin watching: connect.
    public mutating func started(at now: MonotonicInstant) -> [Action] {
        precondition(link == .idle, "started twice")
        verdict = .connecting
        since = now
        link = .connecting
        return [.connect]
    }

    /// The connect succeeded.
    public mutating func connected(remoteAddress: String?, at now: MonotonicInstant) -> [Action] {
        guard link == .connecting else { return [] }
        heartbeat?.reset()
        // The first heartbeat goes at once: a peer that speaks another protocol is found on connect.
        return connectedReport(remoteAddress: remoteAddress, at: now) + (heartbeat == nil ? [] : [.sendHeartbeat])
    }

    private mutating func connectedReport(remoteAddress: String?, at now: MonotonicInstant) -> [Action] {
        link = .connected
        self.remoteAddress = remoteAddress
        latestSample = nil
        latestSampleAt = nil
        unansweredProbes = 0
        probeSighting = nil
        failedAttempts = 0
        lastAttemptReason = nil
        let previous = verdict
        let outage = now - since
        let failure = downFailure
        downFailure = nil
        defer { hasConnected = true }
        switch previous {
        case .up:
            // An operator's reconnect of a healthy peer: nothing happened to the peer, nothing to report.
            return []
        case .connecting where !hasConnected:
            change(to: .up, at: now)
            return [.report(event(.connected, previous: previous, at: now))]
        case .connecting, .suspect, .down:
            change(to: .up, at: now)
            return [.report(event(.recovered, failure: failure, outage: outage, previous: previous, at: now))]
        }
    }

    /// The connect failed.
    public mutating func connectFailed(_ failure: PeerFailure, at now: MonotonicInstant) -> [Action] {
        guard link == .connecting else { return [] }
        link = .waitingToReconnect
        let attempt = failedAttempts
        failedAttempts += 1
        var actions: [Action] = []
        if case .down = verdict {
            if failure.reason != lastAttemptReason {
                actions.append(.report(event(.reconnectFailed(failure), failure: downFailure, previous: verdict, at: now)))
            }
        } else {
            let previous = verdict
            goDown(failure, at: now)
            actions.append(.report(event(.down, failure: failure, previous: previous, at: now)))
        }
        lastAttemptReason = failure.reason
        actions.append(.scheduleReconnect(attempt: attempt))
        return actions
    }

    /// A TCP_INFO sample of the live connection arrived.
    public mutating func sampled(_ snapshot: TCPInfoSnapshot, at now: MonotonicInstant) -> [Action] {
        guard link == .connected else { return [] }
        latestSample = snapshot
        latestSampleAt = now
        if snapshot.probes == 0 {
            probeSighting = nil
        } else if probeSighting?.probes != snapshot.probes {
            probeSighting = (snapshot.probes, now)
        }
        let seenFor = probeSighting.map { now - $0.since } ?? .zero
        let unanswered = reading.unansweredProbes(snapshot, seenFor: seenFor)
        unansweredProbes = unanswered
        switch (verdict, unanswered) {
        case (.up, 1...):
            change(to: .suspect(unansweredProbes: unanswered), at: now)
            return [.report(event(.suspect, previous: .up, at: now))]
        case (.suspect(let before), 1...) where unanswered > before:
            // Still suspect; `since` stays at the first unanswered probe.
            verdict = .suspect(unansweredProbes: unanswered)
            return [.report(event(.suspect, previous: .suspect(unansweredProbes: before), at: now))]
        case (.suspect(let before), 0):
            let outage = now - since
            change(to: .up, at: now)
            return [.report(event(.recovered, outage: outage, previous: .suspect(unansweredProbes: before), at: now))]
        default:
            return []
        }
    }

    /// The established connection ended: the kernel reported an error, or the peer sent FIN.
    /// `finalSample` is TCP_INFO read at the moment of death, when the socket could still be asked.
    public mutating func lost(_ failure: PeerFailure, finalSample: TCPInfoSnapshot?, at now: MonotonicInstant) -> [Action] {
        guard link == .connected else { return [] }
        if let finalSample {
            // At death the kernel may already have cleared the probe count; keep the larger evidence.
            var merged = finalSample
            merged.probes = max(finalSample.probes, latestSample?.probes ?? 0)
            latestSample = merged
            latestSampleAt = now
        }
        // Every probe sent on a connection the kernel gave up on went unanswered.
        unansweredProbes = latestSample?.probes ?? 0
        return droppedConnection(failure, at: now)
    }

    /// The connection is given up on, by the kernel or by the heartbeat: down, close it, reconnect.
    private mutating func droppedConnection(_ failure: PeerFailure, at now: MonotonicInstant) -> [Action] {
        probeSighting = nil
        heartbeat?.reset()
        link = .waitingToReconnect
        let previous = verdict
        goDown(failure, at: now)
        lastAttemptReason = nil
        failedAttempts = 1
        // The alert first: it is what the operator waits for, and tearing the connection down costs the event
        // loop more than writing it (with a hundred peers dying in one kernel tick, the last alert waits for
        // everything done before it).
        return [
            .report(event(.down, failure: failure, previous: previous, at: now)),
            .disconnect,
            .scheduleReconnect(attempt: 0),
        ]
    }

    /// The backoff delay has passed: connect again.
    public mutating func reconnectDue(at now: MonotonicInstant) -> [Action] {
        guard link == .waitingToReconnect else { return [] }
        link = .connecting
        counters.reconnects += 1
        return [.connect]
    }

    /// An operator asked for a fresh connection: drop the current one (or the pending backoff) and connect now.
    /// The verdict stands until the new connection answers or fails: a healthy peer stays up, a down peer keeps
    /// its reason.
    public mutating func reconnectRequested(at now: MonotonicInstant) -> [Action] {
        guard link != .idle else { return [] }
        link = .connecting
        failedAttempts = 0
        lastAttemptReason = nil
        counters.reconnects += 1
        latestSample = nil
        latestSampleAt = nil
        unansweredProbes = 0
        probeSighting = nil
        heartbeat?.reset()
        return [.disconnect, .connect]
    }

    /// Bytes the peer sent: counted, and matched against the heartbeat's expected reply while a request is in
    /// flight; otherwise never interpreted.
    public mutating func received(_ bytes: some Collection<UInt8>, at now: MonotonicInstant) -> [Action] {
        counters.bytesReceived += bytes.count
        guard link == .connected, heartbeat?.isAwaitingReply == true else { return [] }
        switch heartbeat?.received(bytes, at: now) {
        case nil, .answered:
            return []
        case .wrongReply(let got):
            let expected = heartbeat?.settings.expectedReply ?? []
            let detail = "expected \(ByteText.quoted(expected)), got \(ByteText.quoted(got))"
            return droppedConnection(PeerFailure(reason: .wrongReply, detail: detail), at: now)
        }
    }

    /// Bytes the peer sent, when only their count matters (no heartbeat configured).
    public mutating func received(bytes: Int) {
        counters.bytesReceived += bytes
    }

    /// The heartbeat timer ran: time for the next request, unless one is still in flight.
    public mutating func heartbeatDue(at now: MonotonicInstant) -> [Action] {
        guard link == .connected, let heartbeat, !heartbeat.isAwaitingReply else { return [] }
        return [.sendHeartbeat]
    }

    /// The heartbeat request was written at `now`.
    public mutating func heartbeatSent(at now: MonotonicInstant) -> [Action] {
        guard link == .connected, let settings = heartbeat?.settings else { return [] }
        heartbeat?.sent(at: now)
        return [.armHeartbeatTimeout(after: settings.timeout), .scheduleHeartbeat(after: settings.interval)]
    }

    /// The heartbeat timeout ran, `lateness` after it was due. `requestUnacknowledged`: TCP_INFO shows data not
    /// yet acknowledged by the peer's kernel, so the path or the host is silent, not the application: the
    /// kernel's user timeout judges that (half-open), and the heartbeat looks again one timeout later.
    public mutating func heartbeatTimeoutDue(
        at now: MonotonicInstant,
        lateness: Duration,
        requestUnacknowledged: Bool
    ) -> [Action] {
        guard link == .connected, let heartbeat, let sentAt = heartbeat.sentAt else { return [] }
        let timeout = heartbeat.settings.timeout
        if lateness >= Self.monitorLateness || requestUnacknowledged {
            return [.armHeartbeatTimeout(after: timeout)]
        }
        guard now - sentAt >= timeout else { return [.armHeartbeatTimeout(after: timeout - (now - sentAt))] }
        let detail = "no reply within \(DurationText.humanReadable(timeout)); the peer's kernel acknowledged the request"
        return droppedConnection(PeerFailure(reason: .unresponsive, detail: detail), at: now)
    }

    /// Stop watching: drop the connection and anything pending.
    public mutating func stopped() -> [Action] {
        guard link != .idle else { return [] }
        link = .idle
        heartbeat?.reset()
        return [.disconnect]
    }

    private mutating func goDown(_ failure: PeerFailure, at now: MonotonicInstant) {
        downFailure = failure
        counters.downs[failure.reason, default: 0] += 1
        change(to: .down(failure.reason), at: now)
    }

    private mutating func change(to newVerdict: PeerVerdict, at now: MonotonicInstant) {
        verdict = newVerdict
        since = now
    }

    private func event(
        _ kind: PeerReport.Kind,
        failure: PeerFailure? = nil,
        outage: Duration? = nil,
        previous: PeerVerdict?,
        at now: MonotonicInstant
    ) -> PeerReport {
        PeerReport(
            kind: kind,
            peer: endpoint.name,
            address: endpoint.address,
            remoteAddress: remoteAddress,
            verdict: verdict,
            failure: failure,
            keepalive: endpoint.keepalive,
            evidence: latestSample,
            unansweredProbes: unansweredProbes,
            outage: outage,
            previous: previous,
            at: now
        )
    }
}
