import Foundation

/// Runs blocking work (keepalivectl's client waits in `recv`) on a thread of its own, so that it cannot starve
/// the cooperative pool that the in-test server's dispatcher needs.
public func offPool<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Swift.Result { try body() })
        }.start()
    }
}
