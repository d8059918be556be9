import Glibc
import Synchronization

/// Runs an async operation to its end on the calling thread: its task prefers this executor, so every job of it
/// (the dispatcher, the in-memory daemon's nonisolated methods) is run here, one after the other, so that one input
/// always takes the same path, with no thread hop and no semaphore per input.
final class CallingThreadExecutor: TaskExecutor {
    private let jobs = Mutex<[UnownedJob]>([])

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
    }

    /// `operation`'s result, once every job it enqueued here has run. An operation that waits for work elsewhere
    /// (none of the fuzz targets' does) is waited for by polling.
    func run<Result: Sendable>(_ operation: @escaping @Sendable () async -> Result) -> Result {
        let result = Mutex<Result?>(nil)
        Task(executorPreference: self) {
            let value = await operation()
            result.withLock { $0 = value }
        }
        while true {
            if let value = result.withLock({ $0 }) { return value }
            let next = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            if let next {
                next.runSynchronously(on: asUnownedTaskExecutor())
            } else {
                sched_yield()
            }
        }
    }
}
