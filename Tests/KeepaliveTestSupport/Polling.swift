import Foundation
import Synchronization

/// Replies collected from a call that runs in another task.
public final class ReplyLog: Sendable {
    private let replies = Mutex<[String]>([])

    public init() {}

    public func append(_ reply: [UInt8]) {
        replies.withLock { $0.append(String(decoding: reply, as: UTF8.self)) }
    }

    public var all: [String] { replies.withLock { $0 } }
}

/// Runs blocking work (keepalivectl's client waits in `recv`) on a thread of its own, so that it cannot starve
/// the cooperative pool that the in-test server's dispatcher needs.
public func offPool<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Swift.Result { try body() })
        }.start()
    }
}
