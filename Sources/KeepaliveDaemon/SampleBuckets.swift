import HeapModule
import KeepaliveCore

/// TCP_INFO samples waiting on one event loop, filed by the instant they will be taken. An instant is the first
/// boundary, at or after the sample is due, of the granularity the kernel's own timer wheel would give a timer
/// that far ahead (4 ms close by, coarser further out, at most `maximumRounding`): the kernel sends its probes
/// on those boundaries anyway, and rounding the same way lets thousands of peers share one wake-up. Plain data:
/// no clock, no loop; `SampleTimer` drives it.
struct SampleBuckets<Element> {
    /// A sample is never rounded later than this, however far ahead it is due, so that a probe seen by it is
    /// confirmed well within one keepalive interval.
    static var maximumRounding: Duration { .milliseconds(256) }

    let wheel: KernelTimerWheel
    private var buckets: [Int64: [Element]] = [:]
    private var instants = Heap<Int64>()

    init(wheel: KernelTimerWheel = KernelTimerWheel()) {
        self.wheel = wheel
    }

    /// Files `element` to be taken `delay` after `now`; returns the instant it will be taken at.
    @discardableResult
    mutating func insert(_ element: Element, delay: Duration, now: MonotonicInstant) -> MonotonicInstant {
        let rounding = min(wheel.granularity(forDelay: delay), Self.maximumRounding)
        let step = rounding.nanosecondsRoundedUp
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
