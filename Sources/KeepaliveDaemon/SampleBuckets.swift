import HeapModule
import KeepaliveCore

/// TCP_INFO samples waiting on one event loop, filed by the instant they will be taken. An instant is the first
/// boundary, at or after the sample is due, of a granularity that grows with how far ahead the sample is, as the
/// kernel's own timer wheel does (`KernelTimerWheel`), one level coarser than the kernel's — 32 ms for a sample
/// 100 ms ahead, 256 ms (the most, `maximumRounding`) for one a second or more ahead — so that thousands of peers
/// share a few wake-ups a second: each wake-up of an event loop costs about as much as ten samples. Plain data:
/// no clock, no loop; `SampleTimer` drives it.
struct SampleBuckets<Element> {
    /// A sample is never rounded later than this, however far ahead it is due, so that a probe seen by it is
    /// confirmed well within one keepalive interval (at least 1 s).
    static var maximumRounding: Duration { .milliseconds(256) }
    /// How much coarser than the kernel's granularity for the same delay.
    static var levelsCoarser: Int64 { 8 }

    let wheel: KernelTimerWheel
    private var buckets: [Int64: [Element]] = [:]
    private var instants = Heap<Int64>()

    init(wheel: KernelTimerWheel = KernelTimerWheel()) {
        self.wheel = wheel
    }

    /// Files `element` to be taken `delay` after `now`; returns the instant it will be taken at.
    @discardableResult
    mutating func insert(_ element: Element, delay: Duration, now: MonotonicInstant) -> MonotonicInstant {
        let kernel = wheel.granularity(forDelay: delay).nanosecondsRoundedUp
        let step = min(kernel * Self.levelsCoarser, Self.maximumRounding.nanosecondsRoundedUp)
        let due = (now + delay).nanoseconds
        let instant = (due + step - 1) / step * step
        if buckets[instant, default: []].isEmpty {
            instants.insert(instant)
        }
        buckets[instant, default: []].append(element)
        return MonotonicInstant(nanoseconds: instant)
    }

    /// The instant of the earliest bucket, if any.
    var earliest: MonotonicInstant? {
        instants.min.map(MonotonicInstant.init(nanoseconds:))
    }

    /// Takes every element whose instant has come, earliest bucket first.
    mutating func removeDue(at now: MonotonicInstant) -> [Element] {
        var due: [Element] = []
        while let instant = instants.min, instant <= now.nanoseconds {
            instants.removeMin()
            let bucket = buckets.removeValue(forKey: instant) ?? []
            // Usually one bucket is due: hand its array on instead of copying it.
            if due.isEmpty { due = bucket } else { due.append(contentsOf: bucket) }
        }
        return due
    }

    /// Elements filed, for tests and figures.
    var count: Int { buckets.values.reduce(0) { $0 + $1.count } }
}
