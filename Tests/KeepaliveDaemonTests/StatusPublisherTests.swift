import NIOCore
import NIOEmbedded
import Synchronization
import Testing

@testable import KeepaliveDaemon

/// `STATUS=` coalescing, on an embedded event loop whose clock the test moves.
@Suite("StatusPublisher")
struct StatusPublisherTests {
    /// What was sent, in order.
    final class Sent: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    @Test("A burst of changes costs one datagram per gap, and the last line is always sent")
    func coalesces() {
        let loop = EmbeddedEventLoop()
        let sent = Sent()
        let publisher = StatusPublisher(loop: loop) { line in sent.lines.withLock { $0.append(line) } }
        let current = Mutex("0 peers")

        // A thousand peers come up within 100 ms.
        for peer in 1...1000 {
            current.withLock { $0 = "\(peer) peers: \(peer) up" }
            publisher.lineChanged { current.withLock { $0 } }
            if peer % 100 == 0 { loop.advanceTime(by: .milliseconds(10)) }
            loop.run()
        }
        // The first change went out at once; the rest wait for the gap.
        #expect(sent.all.count == 1)
        loop.advanceTime(by: StatusPublisher.minimumGap)
        #expect(sent.all.count == 2)
        #expect(sent.all.last == "1000 peers: 1000 up")
        // Nothing new: nothing more is sent.
        loop.advanceTime(by: .seconds(5))
        #expect(sent.all.count == 2)
    }

    @Test("A change after a quiet spell is sent at once; an unchanged line is not sent again")
    func quiet() {
        let loop = EmbeddedEventLoop()
        let sent = Sent()
        let publisher = StatusPublisher(loop: loop) { line in sent.lines.withLock { $0.append(line) } }
        publisher.lineChanged { "1 peer: 1 up" }
        loop.run()
        loop.advanceTime(by: .seconds(1))
        publisher.lineChanged { "1 peer: 1 down (db: half-open)" }
        loop.run()
        #expect(sent.all == ["1 peer: 1 up", "1 peer: 1 down (db: half-open)"])
        loop.advanceTime(by: .seconds(1))
        publisher.lineChanged { "1 peer: 1 down (db: half-open)" }
        loop.run()
        #expect(sent.all.count == 2)
    }
}
