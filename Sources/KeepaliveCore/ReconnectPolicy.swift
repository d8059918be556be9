/// Exponential reconnect backoff with jitter: attempt n waits `min(max, initial × 2ⁿ)`, shortened by up to
/// `jitter` of itself so that many monitors restarted together do not reconnect in lockstep.
public struct ReconnectPolicy: Hashable, Sendable {
    public var initial: Duration
    public var maximum: Duration
    /// Fraction from 0 to 1.
    public var jitter: Double

    public init(initial: Duration, maximum: Duration, jitter: Double) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = jitter
    }

    /// The wait before reconnect attempt `attempt` (0 for the first retry after a loss). `unitRandom` is a
    /// number in 0..<1 supplied by the caller, so the core stays deterministic under test.
    public func delay(attempt: Int, unitRandom: Double) -> Duration {
        let doublings = min(max(attempt, 0), 40)
        var base = initial
        for _ in 0..<doublings where base < maximum { base = base * 2 }
        base = min(base, maximum)
        let shortened = base * (1 - jitter * min(max(unitRandom, 0), 1))
        return max(shortened, .milliseconds(1))
    }
}
