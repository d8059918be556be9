import KeepalivePOSIX
import KeepaliveSystemd
import Synchronization

/// Collects what a `JournalLogHandler` hands to its sender, and can make the sender fail.
final class SentEntries: Sendable {
    private let entries = Mutex<[[JournalField]]>([])
    private let failure: SystemCallError?

    init(failingWith failure: SystemCallError? = nil) {
        self.failure = failure
    }

    var sender: JournalLogHandler.Sender {
        { fields throws(SystemCallError) in
            self.entries.withLock { $0.append(fields) }
            if let failure = self.failure {
                throw failure
            }
        }
    }

    var all: [[JournalField]] {
        self.entries.withLock { $0 }
    }
}
