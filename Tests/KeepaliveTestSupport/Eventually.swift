import Glibc

/// Polls `condition` every `interval` (5 ms unless the condition is costly to ask) until it holds or `timeout`
/// passes; returns whether it held. The one condition wait of the test targets: a test waits for what it expects,
/// never for a fixed time.
public func eventually(
    timeout: Duration = .seconds(10),
    pollingEvery interval: Duration = .milliseconds(5),
    _ condition: () -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return condition()
}

/// `eventually` for a synchronous test (or a thread of its own): the same polling, blocking the calling thread.
public func eventually(
    timeout: Duration = .seconds(10),
    pollingEvery interval: Duration = .milliseconds(5),
    _ condition: () -> Bool
) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(UInt32(interval / .microseconds(1)))
    }
    return condition()
}
