import KeepaliveCore
import Logging
import NIOCore

/// Watches one endpoint until stopped: feeds its connection's events to the pure `PeerStateMachine` in the
/// order they happened and carries out the actions it returns. Nothing here decides a verdict.
struct PeerRunner: Sendable {
    let endpoint: EndpointConfig
    let connector: PeerConnector
    let reporter: PeerReporter
    private let inbox: AsyncStream<PeerInput>
    private let continuation: AsyncStream<PeerInput>.Continuation

    init(endpoint: EndpointConfig, connector: PeerConnector, reporter: PeerReporter) {
        self.endpoint = endpoint
        self.connector = connector
        self.reporter = reporter
        (inbox, continuation) = AsyncStream.makeStream(of: PeerInput.self)
    }

    /// A handle to reach a running peer from outside (reload, control API).
    var handle: PeerHandle { PeerHandle(inbox: continuation) }

    /// Runs until `stop` arrives or the task is cancelled; the connection is closed on the way out.
    /// `startDelay` staggers the first connects of many peers (see `PeerSet.stagger`).
    func run(startDelay: Duration = .zero) async {
        if startDelay > .zero {
            do {
                try await Task.sleep(for: startDelay)
            } catch {
                // Cancelled (shutdown) before it ever started: open nothing.
                continuation.finish()
                reporter.removed(endpoint.name)
                return
            }
        }
        var driver = Driver(endpoint: endpoint, connector: connector, reporter: reporter, inbox: continuation)
        driver.perform(driver.machine.started(at: MonotonicClock.now()))
        reporter.updated(PeerStatus(driver.machine))
        var inputs = inbox.makeAsyncIterator()
        while let input = await inputs.next() {
            if case .stop = input { break }
            driver.handle(input, at: MonotonicClock.now())
            reporter.updated(PeerStatus(driver.machine))
        }
        // From here on the connection's own yields see `.terminated` and close it; a connection that became
        // active before that, and whose news is still queued, is closed here.
        continuation.finish()
        while let input = await inputs.next() {
            if case .active(_, let channel, _) = input { channel.close(promise: nil) }
        }
        driver.perform(driver.machine.stopped())
        reporter.removed(endpoint.name)
    }

    /// The mutable part, owned by the runner's task alone.
    private struct Driver {
        var machine: PeerStateMachine
        let connector: PeerConnector
        let reporter: PeerReporter
        let inbox: AsyncStream<PeerInput>.Continuation
        var attempt = 0
        var channel: (any Channel)?
        var reconnectTimer: Scheduled<Void>?

        init(
            endpoint: EndpointConfig,
            connector: PeerConnector,
            reporter: PeerReporter,
            inbox: AsyncStream<PeerInput>.Continuation
        ) {
            self.machine = PeerStateMachine(endpoint: endpoint, at: MonotonicClock.now())
            self.connector = connector
            self.reporter = reporter
            self.inbox = inbox
        }

        mutating func handle(_ input: PeerInput, at now: MonotonicInstant) {
            switch input {
            case .active(let id, let newChannel, let remote):
                guard id == attempt else {
                    newChannel.close(promise: nil)
                    return
                }
                channel = newChannel
                perform(machine.connected(remoteAddress: remote, at: now))
            case .connectFailed(let id, let failure):
                guard id == attempt else { return }
                perform(machine.connectFailed(failure, at: now))
            case .sampled(let id, let snapshot):
                guard id == attempt else { return }
                perform(machine.sampled(snapshot, at: now))
            case .received(let id, let bytes):
                guard id == attempt else { return }
                machine.received(bytes: bytes)
            case .lost(let id, let failure, let finalSample):
                guard id == attempt else { return }
                channel = nil
                perform(machine.lost(failure, finalSample: finalSample, at: now))
            case .reconnectDue(let id):
                guard id == attempt else { return }
                perform(machine.reconnectDue(at: now))
            case .reconnectRequested:
                perform(machine.reconnectRequested(at: now))
            case .stop:
                break
            }
        }

        mutating func perform(_ actions: [PeerStateMachine.Action]) {
            for action in actions {
                switch action {
                case .connect:
                    attempt += 1
                    let id = attempt
                    let connectTimeout = machine.endpoint.connectTimeout
                    let inbox = self.inbox
                    connector.connect(machine.endpoint, attempt: id, inbox: inbox).whenFailure { error in
                        let failure = ConnectFailureClassifier.classify(error, connectTimeout: connectTimeout)
                        inbox.yield(.connectFailed(attempt: id, failure))
                    }
                case .scheduleReconnect(let failures):
                    let delay = machine.endpoint.reconnect.delay(attempt: failures, unitRandom: .random(in: 0..<1))
                    let id = attempt
                    let inbox = self.inbox
                    reconnectTimer = connector.group.next().scheduleTask(in: TimeAmount(delay)) {
                        inbox.yield(.reconnectDue(attempt: id))
                    }
                case .disconnect:
                    // A new attempt number makes every late event of the old connection stale.
                    attempt += 1
                    reconnectTimer?.cancel()
                    reconnectTimer = nil
                    channel?.close(promise: nil)
                    channel = nil
                case .report(let event):
                    reporter.report(event)
                }
            }
        }
    }
}

/// A way to send a running peer commands.
struct PeerHandle: Sendable {
    let inbox: AsyncStream<PeerInput>.Continuation

    func stop() { inbox.yield(.stop) }
    func reconnect() { inbox.yield(.reconnectRequested) }
}
