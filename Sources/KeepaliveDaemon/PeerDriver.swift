import KeepaliveCore
import KeepaliveMetrics
import NIOCore

/// Watches one endpoint, on one event loop for its whole life: feeds the pure `PeerStateMachine` what the
/// connection does, the moment it happens and stamped with that moment, and carries out the actions it returns.
/// TCP_INFO is read and judged right here, synchronously, when the loop's `SampleTimer` says it is due: no task,
/// no queue and no thread hop per sample. Nothing here decides a verdict.
///
/// The shared `PeerDirectory` hears from a driver only when the verdict or the unanswered probe count changes;
/// everything else a status shows is read from the driver on its loop when someone asks (`PeerRegistry`).
final class PeerDriver: @unchecked Sendable {
    // @unchecked: every mutable field is touched on `loop` only; each entry point asserts it in debug builds.
    // Reload, reconnect and stop reach a driver through `loop.execute`.

    // Stored properties in the order a sample touches them: a sample comes a second or more after this peer's
    // last one, with every other peer's sample in between, so its fields are out of every cache; kept together
    // at the front of the object they cost one or two cache misses instead of one per field (the first load of
    // `sampleTicket` was a third of the daemon's CPU at 2000 peers, by perf annotate).

    /// Moves on whenever the pending sample must not be taken (a new connection, a new schedule, the end).
    private(set) var sampleTicket: UInt64 = 0
    private var connection: Connection?
    /// The probe count of the previous sample of this connection, so that a newly seen probe is looked at again
    /// one answer time later.
    private var previousProbes = 0
    /// What the directory was last told.
    private var published: (verdict: PeerVerdict, unansweredProbes: Int)?
    private let sampler: SampleTimer
    private(set) var machine: PeerStateMachine
    let loop: any EventLoop
    private let connector: PeerConnector
    private let reporter: PeerReporter
    /// Numbers each connect; events of an older connection carry an older number and are ignored.
    private var attempt = 0
    /// The start stagger or the reconnect backoff, whichever is pending.
    private var pendingTimer: Scheduled<Void>?
    /// The application heartbeat's timers of the current connection.
    private var heartbeatTimers = HeartbeatTimers()
    private var isStopped = false

    /// The live connection and what sampling it needs. Kept in plain fields, not copied per sample.
    private struct Connection {
        /// The socket itself, when it could be found: one plain `getsockopt` per sample instead of NIO's future.
        let descriptor: ConnectionDescriptor?
        let channel: any Channel
        let options: any SocketOptionProvider
    }

    init(endpoint: EndpointConfig, sampler: SampleTimer, connector: PeerConnector, reporter: PeerReporter) {
        self.loop = sampler.loop
        self.sampler = sampler
        self.connector = connector
        self.reporter = reporter
        self.machine = PeerStateMachine(endpoint: endpoint, at: MonotonicClock.now())
    }

    var name: String { machine.endpoint.name }

    /// The peer as the control API shows it, read on the loop.
    var status: PeerStatus {
        loop.assertInEventLoop()
        return PeerStatus(machine)
    }

    /// The peer as `/metrics` shows it, read on the loop field by field (`machine` as a whole is never copied:
    /// at 10 000 peers that copy was a quarter of a scrape).
    var metricsRow: PeerMetricsRow {
        loop.assertInEventLoop()
        return PeerMetricsRow(
            name: machine.endpoint.name, address: machine.endpoint.address.description, state: machine.verdict.state,
            unansweredProbes: machine.unansweredProbes, keepaliveProbes: machine.endpoint.keepalive.count,
            latestSample: machine.latestSample, sampledAt: machine.latestSampleAt, since: machine.since,
            counters: machine.counters)
    }

    // MARK: Commands (from the monitor, through `loop.execute`)

    /// Begins watching after `delay` (the start stagger).
    func start(after delay: Duration) {
        loop.assertInEventLoop()
        guard !isStopped else { return }
        guard delay > .zero else { return begin() }
        pendingTimer = loop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) { self.begin() }
    }

    /// Drops the connection (or the pending connect) and stops for good.
    func stop() {
        loop.assertInEventLoop()
        guard !isStopped else { return }
        isStopped = true
        pendingTimer?.cancel()
        pendingTimer = nil
        perform(machine.stopped())
        reporter.removed(name)
    }

    /// An operator asked for a fresh connection.
    func reconnectRequested() {
        loop.assertInEventLoop()
        guard !isStopped else { return }
        perform(machine.reconnectRequested(at: MonotonicClock.now()))
        publishIfChanged()
    }

    // MARK: The connection's events (from `PeerConnectionHandler`, on the same loop)

    /// The connection `attempt` is established; false tells the handler to close it (stale or stopped).
    func connectionActive(_ channel: any Channel, attempt: Int, remoteAddress: String?) -> Bool {
        loop.assertInEventLoop()
        guard !isStopped, attempt == self.attempt, let options = channel as? any SocketOptionProvider else {
            return false
        }
        connection = Connection(descriptor: ConnectionDescriptor(of: channel), channel: channel, options: options)
        previousProbes = 0
        perform(machine.connected(remoteAddress: remoteAddress, at: MonotonicClock.now()))
        takeSample()
        publishIfChanged()
        return true
    }

    /// The peer sent `data`; false tells the handler to close the connection (stale or stopped).
    func received(_ data: ByteBuffer, attempt: Int) -> Bool {
        guard !isStopped, attempt == self.attempt else { return false }
        guard machine.heartbeat != nil else {
            machine.received(bytes: data.readableBytes)
            return true
        }
        perform(machine.received(data.readableBytesView, at: MonotonicClock.now()))
        publishIfChanged()
        return true
    }

    /// The kernel ended the connection `attempt` (errno) or the peer sent FIN.
    func connectionLost(_ failure: PeerFailure, socketOpen: Bool, attempt: Int) {
        loop.assertInEventLoop()
        guard !isStopped, attempt == self.attempt else { return }
        let finalSample = socketOpen ? readTCPInfo() : nil
        connection = nil
        sampleTicket &+= 1
        perform(machine.lost(failure, finalSample: finalSample, at: MonotonicClock.now()))
        publishIfChanged()
    }

    // MARK: Timers

    /// The loop's sample timer says this peer's sample is due.
    func sampleDue() {
        takeSample()
        publishIfChanged()
    }

    private func begin() {
        pendingTimer = nil
        perform(machine.started(at: MonotonicClock.now()))
        publishIfChanged()
    }

    private func connectFailed(_ error: any Error, attempt: Int) {
        guard !isStopped, attempt == self.attempt else { return }
        let failure = ConnectFailureClassifier.classify(error, connectTimeout: machine.endpoint.connectTimeout)
        perform(machine.connectFailed(failure, at: MonotonicClock.now()))
        publishIfChanged()
    }

    private func reconnectDue(attempt: Int) {
        guard !isStopped, attempt == self.attempt else { return }
        pendingTimer = nil
        perform(machine.reconnectDue(at: MonotonicClock.now()))
        publishIfChanged()
    }

    /// Reads TCP_INFO, judges it with the instant it was read, and files the next sample. `connection` is set
    /// only while the channel is active (its end clears it first), so there is nothing else to check.
    private func takeSample() {
        guard let snapshot = readTCPInfo() else { return }
        perform(machine.sampled(snapshot, at: MonotonicClock.now()))
        let delay = machine.reading.nextSample(after: snapshot, previousProbes: previousProbes)
        previousProbes = snapshot.probes
        sampleTicket &+= 1
        sampler.schedule(self, ticket: sampleTicket, in: delay)
    }

    /// TCP_INFO of the live connection: one `getsockopt` on its descriptor, or NIO's way when that is unknown.
    private func readTCPInfo() -> TCPInfoSnapshot? {
        guard let connection else { return nil }
        if let descriptor = connection.descriptor {
            return descriptor.readTCPInfo()
        }
        return TCPInfoReader.read(connection.options)
    }

    private func publishIfChanged() {
        let now = (verdict: machine.verdict, unansweredProbes: machine.unansweredProbes)
        if let published, published.verdict == now.verdict, published.unansweredProbes == now.unansweredProbes {
            return
        }
        published = now
        reporter.updated(PeerStatus(machine))
    }

    private func perform(_ actions: [PeerStateMachine.Action]) {
        for action in actions {
            switch action {
            case .connect:
                attempt += 1
                let id = attempt
                connector.connect(machine.endpoint, on: loop, attempt: id, driver: self).whenFailure { error in
                    self.connectFailed(error, attempt: id)
                }
            case .scheduleReconnect(let failures):
                let delay = machine.endpoint.reconnect.delay(attempt: failures, unitRandom: .random(in: 0..<1))
                let id = attempt
                pendingTimer = loop.assumeIsolated().scheduleTask(in: TimeAmount(delay)) {
                    self.reconnectDue(attempt: id)
                }
            case .disconnect:
                // A new attempt number makes every late event of the old connection stale.
                attempt += 1
                sampleTicket &+= 1
                pendingTimer?.cancel()
                pendingTimer = nil
                heartbeatTimers.cancel()
                connection?.channel.close(promise: nil)
                connection = nil
            case .report(let event):
                reporter.report(event)
            case .sendHeartbeat:
                guard let connection, let request = machine.heartbeat?.settings.request else { break }
                connection.channel.writeAndFlush(ByteBuffer(bytes: request), promise: nil)
                perform(machine.heartbeatSent(at: MonotonicClock.now()))
            case .scheduleHeartbeat(let delay):
                heartbeatTimers.scheduleNext(on: loop, after: delay) { now, lateness in
                    self.reporter.ranLate(by: lateness, at: now)
                    self.perform(self.machine.heartbeatDue(at: now))
                }
            case .armHeartbeatTimeout(let delay):
                heartbeatTimers.armTimeout(on: loop, after: delay) { now, lateness in
                    self.reporter.ranLate(by: lateness, at: now)
                    // Data the peer's kernel has not acknowledged: the path is silent, not the application.
                    let unacknowledged = (self.readTCPInfo()?.unacked ?? 0) > 0
                    self.perform(
                        self.machine.heartbeatTimeoutDue(
                            at: now, lateness: lateness, requestUnacknowledged: unacknowledged))
                    self.publishIfChanged()
                }
            }
        }
    }
}
