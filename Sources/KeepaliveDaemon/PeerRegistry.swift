import CoreMetrics
import KeepaliveCore
import Logging
import NIOCore
import Synchronization

/// The running peers by name, each on its own event loop: how the monitor starts, stops and reconnects them, and
/// how the control API reads their live status — each loop builds its own peers' statuses in one task, so a
/// query costs the loops one short job each and never blocks them.
final class PeerRegistry: Sendable {
    private struct State {
        var drivers: [String: PeerDriver] = [:]
        /// Numbers the drivers, so that the directory can tell an old driver of a name from its successor.
        var nextOwner = 0
    }

    private let state = Mutex(State())
    private let timers: SampleTimers
    private let connector = PeerConnector(descriptors: DescriptorBudget(), lookups: NameLookups())
    private let directory: PeerDirectory
    private let logger: Logger
    private let stallWatch: StallWatch

    init(
        group: any EventLoopGroup, directory: PeerDirectory, sampleLag: CoreMetrics.Timer, stallWatch: StallWatch,
        logger: Logger
    ) {
        self.timers = SampleTimers(group: group, lag: sampleLag, stallWatch: stallWatch)
        self.directory = directory
        self.logger = logger
        self.stallWatch = stallWatch
    }

    /// Makes the driver for `endpoint` (replacing any driver of that name, which must have been stopped) and
    /// shows the peer as connecting at once; `start` sets it going.
    @discardableResult
    func add(_ endpoint: EndpointConfig) -> PeerDriver {
        let owner = state.withLock { state in
            state.nextOwner += 1
            return state.nextOwner
        }
        directory.claim(endpoint.name, owner: owner)
        let reporter = PeerReporter(logger: logger, directory: directory, owner: owner, stallWatch: stallWatch)
        let driver = PeerDriver(endpoint: endpoint, sampler: timers.assign(), connector: connector, reporter: reporter)
        // Visible as connecting at once, though its first connect may wait for the stagger.
        directory.update(PeerStatus(driver.machine), owner: owner)
        state.withLock { $0.drivers[endpoint.name] = driver }
        return driver
    }

    /// Starts `driver` after `delay` (see `MonitorService.stagger`).
    func start(_ driver: PeerDriver, after delay: Duration) {
        driver.loop.execute { driver.start(after: delay) }
    }

    func stop(_ name: String) {
        guard let driver = state.withLock({ $0.drivers.removeValue(forKey: name) }) else { return }
        driver.loop.execute { driver.stop() }
    }

    /// False when no peer has that name.
    func reconnect(_ name: String) -> Bool {
        guard let driver = state.withLock({ $0.drivers[name] }) else { return false }
        driver.loop.execute { driver.reconnectRequested() }
        return true
    }

    /// Stops every peer and returns once each loop has closed its connections.
    func stopAll() async {
        let drivers = state.withLock { state in
            defer { state.drivers.removeAll() }
            return Array(state.drivers.values)
        }
        for (loop, onLoop) in Self.byLoop(drivers) {
            try? await loop.submit { onLoop.forEach { $0.stop() } }.get()
        }
    }

    /// Every peer's live status, in no particular order.
    func statuses() async -> [PeerStatus] {
        await gather(\.status)
    }

    /// `read` of every peer, each read on its own loop (one job per loop), in no particular order.
    func gather<Value: Sendable>(_ read: @escaping @Sendable (PeerDriver) -> Value) async -> [Value] {
        let drivers = state.withLock { Array($0.drivers.values) }
        var values: [Value] = []
        values.reserveCapacity(drivers.count)
        for (loop, onLoop) in Self.byLoop(drivers) {
            if let part = try? await loop.submit({ onLoop.map(read) }).get() {
                values.append(contentsOf: part)
            }
        }
        return values
    }

    /// One peer's live status, or nil for an unknown name.
    func status(named name: String) async -> PeerStatus? {
        guard let driver = state.withLock({ $0.drivers[name] }) else { return nil }
        return try? await driver.loop.submit { driver.status }.get()
    }

    private static func byLoop(_ drivers: [PeerDriver]) -> [(any EventLoop, [PeerDriver])] {
        Dictionary(grouping: drivers) { ObjectIdentifier($0.loop) }.values.map { ($0[0].loop, $0) }
    }
}
