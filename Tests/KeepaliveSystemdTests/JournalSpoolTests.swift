import Glibc
import KeepalivePOSIX
import KeepaliveSystemd
import KeepaliveTestSupport
import Synchronization
import Testing

/// `JournalSpool` with its sender injected: a sender that blocks (journald not reading) or fails (journald gone),
/// the one notice on the fallback descriptor, the one "back" entry, the queue's bound.
@Suite("Journal spool")
struct JournalSpoolTests {
    /// A sender that records every entry; it blocks while `gate` is closed and fails while `failures` remain.
    final class Journal: Sendable {
        private let state = Mutex<(sent: [[JournalField]], open: Bool, failures: Int)>(([], true, 0))

        init(open: Bool = true, failures: Int = 0) {
            state.withLock { $0 = ([], open, failures) }
        }

        var sender: JournalSpool.Sender {
            { fields throws(SystemCallError) in
                while !self.state.withLock({ $0.open }) { usleep(1_000) }
                let fail = self.state.withLock { state -> Bool in
                    guard state.failures > 0 else {
                        state.sent.append(fields)
                        return false
                    }
                    state.failures -= 1
                    return true
                }
                if fail { throw SystemCallError(call: "sd_journal_sendv", errno: ECONNREFUSED) }
            }
        }

        func open() { state.withLock { $0.open = true } }
        var sent: [[JournalField]] { state.withLock { $0.sent } }
        var messages: [String] { sent.map { Self.value("MESSAGE", $0) ?? "" } }

        static func value(_ name: String, _ fields: [JournalField]) -> String? {
            fields.first { $0.name == name }?.value
        }
    }

    static func entry(_ message: String) -> JournalSpool.Entry {
        JournalSpool.Entry(
            fields: [JournalField("MESSAGE", message), JournalField("PRIORITY", "3")], level: .error, message: message,
            metadataFields: [JournalField("PEER", "db")])
    }

    static func settings(capacity: Int = 100) -> JournalSpool.Settings {
        var settings = JournalSpool.Settings()
        settings.capacity = capacity
        settings.retryInterval = .milliseconds(20)
        settings.stallThreshold = .milliseconds(100)
        settings.lateThreshold = .milliseconds(50)
        return settings
    }

    @Test("a journal that stops reading blocks nobody; the loss is told once, and the journal hears when it is back")
    func blockedJournal() throws {
        let fallback = try PipeCapture()
        defer { fallback.close() }
        let journal = Journal(open: false)
        let spool = JournalSpool(
            syslogIdentifier: "keepalive-monitor", settings: Self.settings(), fallbackFileDescriptor: fallback.writeEnd,
            sender: journal.sender)
        spool.enqueue(Self.entry("first"))
        // Each enqueue returns although the sender is stuck; once it has been stuck 100 ms, one notice.
        var notices = ""
        var index = 0
        #expect(eventually(timeout: .seconds(5)) {
            index += 1
            spool.enqueue(Self.entry("queued \(index)"))
            notices += fallback.readAvailable()
            return notices.contains("The journal does not take entries")
        })
        spool.enqueue(Self.entry("last"))
        journal.open()
        #expect(eventually(timeout: .seconds(5)) { journal.sent.count == index + 3 })
        let messages = journal.messages
        #expect(messages.first == "first")
        #expect(messages[1].hasPrefix("The journal is back after "), "\(messages[1])")
        #expect(messages[1].contains("journald has not read its socket for"))
        #expect(Array(messages[2...]) == (1...index).map { "queued \($0)" } + ["last"])
        #expect(Journal.value("MESSAGE_ID", journal.sent[1]) == JournalSpool.regainedMessageID)
        #expect(Journal.value("JOURNAL_QUEUED", journal.sent[1]) == String(index + 2))
        #expect(Journal.value("QUEUED_USEC", journal.sent[2]).flatMap(Int.init).map { $0 >= 50_000 } == true)
        spool.close(timeout: .seconds(1))
        notices += fallback.readAvailable()
        #expect(notices.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1, "\(notices)")
        #expect(notices.contains("MESSAGE_ID=\(JournalSpool.lostMessageID)"))
    }

    @Test("a journal that refuses entries: retried in order, one notice, one entry when it is back")
    func refusingJournal() throws {
        let fallback = try PipeCapture()
        defer { fallback.close() }
        let journal = Journal(failures: 5)
        let spool = JournalSpool(
            syslogIdentifier: "keepalive-monitor", settings: Self.settings(), fallbackFileDescriptor: fallback.writeEnd,
            sender: journal.sender)
        for index in 1...3 { spool.enqueue(Self.entry("alert \(index)")) }
        #expect(eventually(timeout: .seconds(5)) { journal.sent.count == 4 })
        #expect(journal.messages[0] == "alert 1")
        #expect(journal.messages[1].contains("sd_journal_sendv: Connection refused (errno 111)"), "\(journal.messages)")
        #expect(Array(journal.messages[2...]) == ["alert 2", "alert 3"])
        spool.close(timeout: .seconds(1))
        let notices = fallback.readAvailable()
        #expect(notices.components(separatedBy: "\n").filter { !$0.isEmpty }.count == 1, "\(notices)")
    }

    @Test("past its capacity an entry goes to the fallback at once, and the back entry counts it")
    func overflow() throws {
        let fallback = try PipeCapture()
        defer { fallback.close() }
        let journal = Journal(open: false)
        let spool = JournalSpool(
            syslogIdentifier: "keepalive-monitor", settings: Self.settings(capacity: 2),
            fallbackFileDescriptor: fallback.writeEnd, sender: journal.sender)
        spool.enqueue(Self.entry("sending"))
        var notices = ""
        #expect(eventually(timeout: .seconds(5)) {
            spool.enqueue(Self.entry("probe"))
            notices += fallback.readAvailable()
            return notices.contains("The journal does not take entries")
        })
        // The queue holds the entry being sent and at most one more: fill it, then one over.
        let beforeFill = fallback.readAvailable()
        spool.enqueue(Self.entry("over the top"))
        spool.enqueue(Self.entry("over the top"))
        let spilled = beforeFill + fallback.readAvailable()
        #expect(spilled.contains("over the top PEER=db"), "\(spilled)")
        journal.open()
        #expect(eventually(timeout: .seconds(5)) { journal.messages.contains { $0.hasPrefix("The journal is back") } })
        let back = try #require(journal.sent.first { Journal.value("MESSAGE_ID", $0) == JournalSpool.regainedMessageID })
        #expect(Journal.value("JOURNAL_OVERFLOWED", back).flatMap(Int.init).map { $0 >= 1 } == true)
        spool.close(timeout: .seconds(1))
    }

    @Test("close gives what the journal did not take to the fallback")
    func closeSpillsTheRest() throws {
        let fallback = try PipeCapture()
        defer { fallback.close() }
        let journal = Journal(failures: .max)
        let spool = JournalSpool(
            syslogIdentifier: "keepalive-monitor", settings: Self.settings(), fallbackFileDescriptor: fallback.writeEnd,
            sender: journal.sender)
        spool.enqueue(Self.entry("never delivered"))
        #expect(eventually(timeout: .seconds(5)) { fallback.readAvailable().contains("The journal does not take entries") })
        spool.close(timeout: .milliseconds(100))
        #expect(fallback.readAvailable().contains("never delivered PEER=db"))
        #expect(journal.sent.isEmpty)
    }
}
