import Foundation
import KeepaliveCore
import KeepaliveTestSupport
import NIOPosix
import Synchronization
import Testing

@testable import KeepaliveDaemon

/// The directory's `Watch` streams against the chaos soak's deadlock: `update` yielded to the streams while holding
/// the directory's lock, and a vanishing Watch client's task, cancelled at that moment, ran its stream's
/// `onTermination`, which waits for the same lock. The whole daemon froze (no alert, no WATCHDOG=1, no control reply)
/// in about one 60-second soak in three.
@Suite("PeerDirectory and vanishing watchers")
struct PeerDirectoryWatchTests {
    /// Two writers (the daemon's two event loops) change verdicts as fast as they can while two threads open
    /// watches and cancel them, as control clients that connect, Watch and vanish do. Each side must keep making
    /// progress for 4 s; a side that stands still for 2 s is deadlocked. (With the old `update` it stalled within
    /// the first second of every run, and the test process then hung at exit on the deadlocked threads.)
    @Test("watchers cancelled while verdicts change never stall the writers or the cancellers")
    func vanishingWatchers() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let directory = PeerDirectory(loop: group.next()) { _ in }
        let peers = (0..<8).map { Self.status("peer-\($0)") }
        for peer in peers {
            directory.claim(peer.name, owner: 1)
        }

        let stop = Atomic(false)
        let updates = Atomic(0)
        let cancelled = Atomic(0)
        let running = Atomic(4)
        for writer in 0..<2 {
            Thread.detachNewThread {
                var status = peers[writer]
                var round = 0
                while !stop.load(ordering: .relaxed) {
                    round += 1
                    status.verdict = round.isMultiple(of: 2) ? .up : .suspect(unansweredProbes: 1)
                    directory.update(status, owner: 1)
                    updates.add(1, ordering: .relaxed)
                }
                running.subtract(1, ordering: .relaxed)
            }
        }
        for _ in 0..<2 {
            Thread.detachNewThread {
                while !stop.load(ordering: .relaxed) {
                    // Shaped as `DaemonControl.changes()` and a Watch call: a task forwards the directory's
                    // stream into the client's, and the client's task ending cancels the forwarding one.
                    let changes = directory.changes()
                    let (stream, continuation) = AsyncStream.makeStream(of: PeerStatus.self)
                    let forwarding = Task {
                        for await status in changes {
                            continuation.yield(status)
                        }
                        continuation.finish()
                    }
                    continuation.onTermination = { _ in forwarding.cancel() }
                    let watcher = Task {
                        for await _ in stream {}
                    }
                    // Let it start waiting for the next change, as a Watch client's task does.
                    usleep(UInt32.random(in: 0..<200))
                    watcher.cancel()
                    cancelled.add(1, ordering: .relaxed)
                }
                running.subtract(1, ordering: .relaxed)
            }
        }

        // Each side's count and when it last moved.
        var seen = (updates: 0, cancelled: 0)
        var moved = (updates: ContinuousClock.now, cancelled: ContinuousClock.now)
        var stalled = false
        let end = ContinuousClock.now + .seconds(4)
        while ContinuousClock.now < end, !stalled {
            usleep(50_000)
            let now = ContinuousClock.now
            let current = (updates: updates.load(ordering: .relaxed), cancelled: cancelled.load(ordering: .relaxed))
            if current.updates != seen.updates { moved.updates = now }
            if current.cancelled != seen.cancelled { moved.cancelled = now }
            seen = current
            stalled = now - moved.updates > .seconds(2) || now - moved.cancelled > .seconds(2)
        }
        stop.store(true, ordering: .relaxed)
        if !stalled {
            // The writers use the loop until they stop; a deadlocked run leaves it (and them) behind.
            while running.load(ordering: .relaxed) > 0 { usleep(1000) }
            try group.syncShutdownGracefully()
        }
        #expect(!stalled, "stalled after \(seen.updates) updates and \(seen.cancelled) watchers")
        // How many depends on the machine; that both sides kept moving is what `stalled` says.
        #expect(seen.updates > 0)
        #expect(seen.cancelled > 0)
    }

    static func status(_ name: String) -> PeerStatus {
        var machine = PeerStateMachine(endpoint: SampleEndpoints.endpoint(name), at: MonotonicInstant(nanoseconds: 0))
        _ = machine.started(at: MonotonicInstant(nanoseconds: 0))
        return PeerStatus(machine)
    }
}
