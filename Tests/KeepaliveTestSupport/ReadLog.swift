import Synchronization

/// What a reader (a readability handler, a thread of its own) appends as it arrives, and a test waits on: the lines
/// of a `ChildProcess`, the datagrams of a notification socket. An entry keeps its index, so that a test can wait
/// for what comes after an entry it has seen.
public final class ReadLog<Entry: Sendable>: Sendable {
    private let entries = Mutex<[Entry]>([])

    public init() {}

    public func append(_ entry: Entry) {
        entries.withLock { $0.append(entry) }
    }

    /// Every entry so far, in the order read.
    public var all: [Entry] { entries.withLock { $0 } }

    /// Waits until an entry at index `start` or later satisfies `matches`; returns it and its index, or nil once
    /// `timeout` has passed.
    public func wait(
        from start: Int = 0,
        timeout: Duration,
        _ matches: (Entry) -> Bool
    ) -> (entry: Entry, index: Int)? {
        var found: (entry: Entry, index: Int)?
        _ = eventually(timeout: timeout) {
            let snapshot = all
            guard start < snapshot.count, let index = snapshot[start...].firstIndex(where: matches) else {
                return false
            }
            found = (snapshot[index], index)
            return true
        }
        return found
    }
}
