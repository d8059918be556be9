import Glibc
import KeepaliveCore
import KeepalivePOSIX
import Logging

/// Delivers journal entries from a thread of its own, so that a journald that stops reading never blocks the
/// thread that logged. `sd_journal_sendv` blocks once journald's socket queue is full — journald stopped, hung or
/// busy rotating: 10 datagrams with the kernel's default `net.unix.max_dgram_qlen`, 512 with systemd's — and an
/// alert is logged on the event loop that saw it, whose peers would then go unwatched, and the watchdog unfed.
///
/// Entries wait here, in order, at most `capacity` of them. A send that fails (journald gone: `ECONNREFUSED` on
/// its socket file) is retried every `retryInterval`; a send that has not returned for `stallThreshold` counts as
/// the journal lost too. Either way the loss is written to `fallbackFileDescriptor` (stderr) once, and the first
/// entry delivered afterwards is followed by one `journalRegained` entry: how long, why, how many entries waited.
/// Each entry that waited longer than `lateThreshold` carries `QUEUED_USEC=`, so its real time is its journal
/// time minus that. An entry that finds the queue full goes to the fallback descriptor instead, as does whatever
/// is still queued when `close(timeout:)` gives up: nothing disappears without a trace.
public final class JournalSpool: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `lock`.

    /// One entry: what the journal gets, and what stderr would get.
    public struct Entry: Sendable {
        public var fields: [JournalField]
        public var level: Logger.Level
        public var message: String
        /// The entry's own fields (metadata), for a stderr line.
        public var metadataFields: [JournalField]
        var loggedAt = RealtimeTimestamp.now()
        var queuedAt: UInt64 = 0

        public init(fields: [JournalField], level: Logger.Level, message: String, metadataFields: [JournalField]) {
            self.fields = fields
            self.level = level
            self.message = message
            self.metadataFields = metadataFields
        }
    }

    public struct Settings: Sendable {
        public var capacity = 10_000
        public var retryInterval: Duration = .milliseconds(250)
        public var stallThreshold: Duration = .seconds(1)
        public var lateThreshold: Duration = .milliseconds(100)

        public init() {}
    }

    /// Sends one entry's fields; `JournalWriter.send` unless a test injects another.
    public typealias Sender = @Sendable ([JournalField]) throws(SystemCallError) -> Void

    /// Why and since when the journal has not taken entries.
    private struct Outage {
        var since: UInt64
        var cause: String
        var waited = 0
        var overflowed = 0
    }

    private let settings: Settings
    private let sender: Sender
    private let fallbackFileDescriptor: CInt
    private let syslogIdentifier: String
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let wakeup = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var queue: [Entry] = []
    private var head = 0
    private var outage: Outage?
    /// When the send in progress began (monotonic ns), nil when none is.
    private var sendingSince: UInt64?
    private var closing = false
    private var thread = pthread_t()

    public init(
        syslogIdentifier: String,
        settings: Settings = Settings(),
        fallbackFileDescriptor: CInt = STDERR_FILENO,
        sender: @escaping Sender = { fields throws(SystemCallError) in try JournalWriter().send(fields) }
    ) {
        self.syslogIdentifier = syslogIdentifier
        self.settings = settings
        self.fallbackFileDescriptor = fallbackFileDescriptor
        self.sender = sender
        pthread_mutex_init(lock, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(wakeup, &attributes)
        pthread_condattr_destroy(&attributes)
        let unmanaged = Unmanaged.passRetained(self)
        let result = pthread_create(&thread, nil, { context in
            let spool = Unmanaged<JournalSpool>.fromOpaque(context!).takeRetainedValue()
            spool.write()
            return nil
        }, unmanaged.toOpaque())
        precondition(result == 0, "pthread_create failed: \(result)")
    }

    deinit {
        pthread_cond_destroy(wakeup)
        pthread_mutex_destroy(lock)
        wakeup.deallocate()
        lock.deallocate()
    }

    /// Queues `entry`; returns at once, whatever journald is doing.
    public func enqueue(_ entry: Entry) {
        var entry = entry
        let now = Self.monotonicNow()
        entry.queuedAt = now
        var notice: String?
        var overflow: Entry?
        withLock {
            if outage == nil, let since = sendingSince, now - since >= settings.stallThreshold.nanoseconds {
                outage = Outage(since: since, cause: "journald has not read its socket for \(Self.text(now - since))")
                notice = lossNotice()
            }
            if queue.count - head >= settings.capacity {
                outage?.overflowed += 1
                overflow = entry
            } else {
                queue.append(entry)
                // Broadcast: `close` may be waiting on the same condition, and must not take the writer's wake-up.
                pthread_cond_broadcast(wakeup)
            }
        }
        if let notice { writeFallback(notice) }
        if let overflow { writeFallback(stderrLine(overflow, extra: [])) }
    }

    /// Waits up to `timeout` for the queue to drain, then stops the writer; what is left goes to the fallback
    /// descriptor. Call once, at exit.
    public func close(timeout: Duration) {
        let deadline = Self.monotonicNow() + timeout.nanoseconds
        var left: [Entry] = []
        withLock {
            while queue.count > head, outage == nil, Self.monotonicNow() < deadline {
                timedWait(until: min(deadline, Self.monotonicNow() + 10_000_000))
            }
            closing = true
            left = Array(queue[head...])
            queue.removeAll()
            head = 0
            pthread_cond_broadcast(wakeup)
        }
        for entry in left { writeFallback(stderrLine(entry, extra: [])) }
    }

    // MARK: The writer thread

    private func write() {
        pthread_mutex_lock(lock)
        while true {
            while queue.count == head && !closing { pthread_cond_wait(wakeup, lock) }
            if closing { break }
            var entry = queue[head]
            let now = Self.monotonicNow()
            if now - entry.queuedAt >= settings.lateThreshold.nanoseconds {
                entry.fields.append(JournalField("QUEUED_USEC", String((now - entry.queuedAt) / 1_000)))
            }
            sendingSince = now
            pthread_mutex_unlock(lock)
            var failure: SystemCallError?
            do throws(SystemCallError) { try sender(entry.fields) } catch { failure = error }
            pthread_mutex_lock(lock)
            sendingSince = nil
            if closing { break }
            if let failure {
                if outage == nil {
                    outage = Outage(since: now, cause: failure.description)
                    let notice = lossNotice()
                    pthread_mutex_unlock(lock)
                    writeFallback(notice)
                    pthread_mutex_lock(lock)
                }
                if !closing { timedWait(until: Self.monotonicNow() + settings.retryInterval.nanoseconds) }
                continue
            }
            head += 1
            if head == queue.count || head > 4_096 {
                queue.removeFirst(head)
                head = 0
            }
            if var ended = outage {
                ended.waited = queue.count - head + 1
                outage = nil
                pthread_mutex_unlock(lock)
                try? sender(regainedFields(ended))
                pthread_mutex_lock(lock)
            }
            pthread_cond_broadcast(wakeup)
        }
        pthread_mutex_unlock(lock)
    }

    // MARK: Messages

    /// The stderr line that says the journal is lost; the caller holds the lock.
    private func lossNotice() -> String {
        let message = "The journal does not take entries (\(outage?.cause ?? "unknown")): up to \(settings.capacity) "
            + "are kept and sent when it is back, later ones are written here"
        return StderrLogLine.render(
            timestamp: .now(), level: .warning, message: message,
            fields: [JournalField("MESSAGE_ID", JournalSpool.lostMessageID)])
    }

    private func regainedFields(_ outage: Outage) -> [JournalField] {
        let length = Self.text(Self.monotonicNow() - outage.since)
        var message = "The journal is back after \(length) (\(outage.cause)): \(outage.waited) entries kept "
            + "meanwhile are delivered now, each with QUEUED_USEC"
        if outage.overflowed > 0 {
            message += "; \(outage.overflowed) more did not fit the queue and went to stderr"
        }
        return [
            JournalField("MESSAGE", message),
            JournalField("PRIORITY", String(SyslogPriority(.notice).value)),
            JournalField("SYSLOG_IDENTIFIER", syslogIdentifier),
            JournalField("MESSAGE_ID", JournalSpool.regainedMessageID),
            JournalField("JOURNAL_OUTAGE_USEC", String((Self.monotonicNow() - outage.since) / 1_000)),
            JournalField("JOURNAL_QUEUED", String(outage.waited)),
            JournalField("JOURNAL_OVERFLOWED", String(outage.overflowed)),
        ]
    }

    private func stderrLine(_ entry: Entry, extra: [JournalField]) -> String {
        StderrLogLine.render(
            timestamp: entry.loggedAt, level: entry.level, message: entry.message, fields: entry.metadataFields + extra)
    }

    /// `MESSAGE_ID` of the stderr notice that the journal is lost (the journal itself cannot be told).
    public static let lostMessageID = "3c1b0ee4a7d54d6a9f2be1d5c8a06f41"
    /// `MESSAGE_ID` of the journal entry that says it is back.
    public static let regainedMessageID = "b6e2d1f0c9a84e37a51d4f8e2c7b9a63"

    // MARK: Plumbing

    private func writeFallback(_ line: String) {
        StderrLogHandler.write(line, to: fallbackFileDescriptor)
    }

    private func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body()
    }

    /// Waits on `wakeup` (lock held) until signalled or `deadline` (monotonic ns).
    private func timedWait(until deadline: UInt64) {
        var time = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        pthread_cond_timedwait(wakeup, lock, &time)
    }

    private static func monotonicNow() -> UInt64 {
        UInt64(SystemClock.monotonicNanoseconds())
    }

    /// `12.3 s`, for messages, in the daemon's one wording.
    private static func text(_ nanoseconds: UInt64) -> String {
        DurationText.humanReadable(.nanoseconds(Int64(nanoseconds)))
    }
}

extension Duration {
    /// Whole nanoseconds, for the spool's monotonic arithmetic.
    fileprivate var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
