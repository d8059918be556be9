import KeepaliveCore
import Testing

@testable import KeepaliveDaemon

/// The per-loop sample schedule as plain data: instants in, elements out, no clock.
@Suite("SampleBuckets")
struct SampleBucketsTests {
    /// On a 256 ms boundary, so that the expected instants read plainly.
    let start = MonotonicInstant(nanoseconds: 999_936_000_000)

    @Test("A sample due soon lands on the next 32 ms boundary; one due a second ahead on a 256 ms boundary")
    func rounding() {
        var buckets = SampleBuckets<Int>()
        let soon = buckets.insert(1, delay: .milliseconds(101), now: start + .milliseconds(1))
        #expect(soon == start + .milliseconds(128))
        let later = buckets.insert(2, delay: .milliseconds(1150), now: start)
        #expect(later == start + .milliseconds(1280))
        #expect(later.nanoseconds % 256_000_000 == 0)
    }

    @Test("Far-off samples are rounded by at most 256 ms, however far ahead")
    func roundingCap() {
        var buckets = SampleBuckets<Int>()
        let instant = buckets.insert(1, delay: .seconds(32), now: start + .milliseconds(3))
        #expect(instant >= start + .seconds(32) + .milliseconds(3))
        #expect(instant - (start + .seconds(32)) <= .milliseconds(259))
        #expect(instant.nanoseconds % 256_000_000 == 0)
    }

    @Test("Samples due in the same bucket come out together, earliest bucket first, each once")
    func removeDue() {
        var buckets = SampleBuckets<String>()
        buckets.insert("b1", delay: .milliseconds(1001), now: start)
        buckets.insert("a", delay: .milliseconds(100), now: start)
        buckets.insert("b2", delay: .milliseconds(1010), now: start)
        #expect(buckets.count == 3)
        #expect(buckets.earliest == start + .milliseconds(128))
        #expect(buckets.removeDue(at: start + .milliseconds(127)) == [])
        #expect(buckets.removeDue(at: start + .milliseconds(128)) == ["a"])
        #expect(buckets.earliest == start + .milliseconds(1024))
        #expect(buckets.removeDue(at: start + .seconds(5)) == ["b1", "b2"])
        #expect(buckets.earliest == nil)
        #expect(buckets.removeDue(at: start + .seconds(6)) == [])
    }

    @Test("A thousand peers on one-second cycles share about 4 wake-ups a second, not a thousand")
    func coalescing() {
        var buckets = SampleBuckets<Int>()
        for peer in 0..<1000 {
            // Spread evenly over one second, each due a little over a second ahead, as healthy 1s:1s:3 peers are.
            buckets.insert(peer, delay: .milliseconds(1100), now: start + .microseconds(Int64(peer) * 1000))
        }
        var wakeups = 0
        while let next = buckets.earliest {
            _ = buckets.removeDue(at: next)
            wakeups += 1
        }
        #expect(wakeups <= 5)
    }
}
