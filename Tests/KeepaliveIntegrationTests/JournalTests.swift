import Foundation
import Testing

/// Alerts as operators read them: structured entries in a real systemd-journald, found with journalctl.
@Suite("Journal alerts on a real journald", .serialized)
struct JournalTests {
    init() throws {
        try Preconditions.requireRootAndTools()
    }

    @Test("Every state change is one entry with its priority, MESSAGE_ID and fields; nothing goes to stderr too")
    func alertsInTheJournal() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let pair = bed.pair
        let db = try bed.peer(port: 7202)
        let cache = try bed.peer(port: 7203)
        let journal = try bed.journal(daemonArguments: [
            "--keepalive", "1s:1s:3", "--endpoint", "db=\(db.endpoint)", "--endpoint", "cache=\(cache.endpoint)",
            "--endpoint", "gone=\(pair.peerAddress):7204",
        ])
        let context = { journal.process.transcript }

        let dbUp = try #require(try journal.waitForEntry(["PEER": "db", "PEER_STATE": "up"]), "\(context())")
        #expect(dbUp["PRIORITY"] == "6")
        #expect(dbUp["MESSAGE_ID"] == "9fb522ed02264ca699d6ef65f45dc0d9")
        #expect(dbUp["TCP_KEEPALIVE"] == "1s:1s:3")
        let refused = try #require(try journal.waitForEntry(["PEER": "gone", "PEER_STATE": "down"]), "\(context())")
        #expect(refused["PEER_REASON"] == "refused")
        #expect(refused["ERRNO"] == "111")
        #expect(refused["PRIORITY"] == "3")

        try #require(try journal.waitForEntry(["PEER": "cache", "PEER_STATE": "up"]) != nil, "\(context())")
        #expect(cache.waitForConnection())
        cache.closeConnections()
        let closed = try #require(try journal.waitForEntry(["PEER": "cache", "PEER_STATE": "down"]), "\(context())")
        #expect(closed["PEER_REASON"] == "closed")
        #expect(closed["MESSAGE"]?.hasPrefix("cache (\(cache.endpoint)) is down (closed)") == true)

        try pair.silence(port: 7202)
        for probes in 1...3 {
            let suspect = try #require(
                try journal.waitForEntry(["PEER": "db", "PEER_STATE": "suspect", "TCP_PROBES": "\(probes)"]), "\(context())")
            #expect(suspect["PRIORITY"] == "4")
            #expect(suspect["MESSAGE_ID"] == "e8e3060cba684c3493c8cd98bf9ac964")
        }
        let halfOpen = try #require(try journal.waitForEntry(["PEER": "db", "PEER_STATE": "down"]), "\(context())")
        #expect(halfOpen["PEER_REASON"] == "half-open")
        #expect(halfOpen["ERRNO"] == "110")
        #expect(halfOpen["TCP_PROBES"] == "3")
        #expect(halfOpen["PEER_ADDRESS"] == db.endpoint)
        #expect(halfOpen["MESSAGE"]?.contains("3 of 3 keepalive probes unanswered") == true)
        #expect(halfOpen["PRIORITY"] == "3")

        try pair.unsilence()
        let recovered = try #require(
            try journal.waitForEntry(["PEER": "db", "MESSAGE_ID": "eea6ab45370746a0b5ef2d9de57a0aba"]), "\(context())")
        #expect(recovered["PRIORITY"] == "5")
        #expect(recovered["PEER_STATE"] == "up")
        #expect(recovered["PEER_REASON"] == "half-open")
        #expect((recovered["OUTAGE_USEC"].flatMap(Int.init) ?? 0) > 0)

        // The README's queries: by priority, by peer, by MESSAGE_ID.
        let errors = try journal.entries(["-p", "err", "SYSLOG_IDENTIFIER=keepalive-monitor"])
        #expect(Set(errors.compactMap { $0["MESSAGE_ID"] }) == ["f764b7df88a74687a682f8836bf27d3e"])
        #expect(Set(errors.compactMap { $0["PEER"] }) == ["db", "cache", "gone"])
        let dbOnly = try journal.entries(["PEER=db"])
        #expect(!dbOnly.isEmpty && dbOnly.allSatisfy { $0["PEER"] == "db" })
        let downs = try journal.entries(["MESSAGE_ID=f764b7df88a74687a682f8836bf27d3e"])
        #expect(downs.allSatisfy { $0["PEER_STATE"] == "down" })

        // An entry goes to one place: the journal, not stderr as well.
        #expect(!journal.process.allLines.contains { $0.text.contains("PEER=") }, "\(context())")

        journal.process.signal(SIGTERM)
        #expect(journal.process.waitForExit(timeout: .seconds(10)) != nil, "\(context())")
        #expect(journal.process.exitStatus == 0, "\(context())")
        #expect(FileManager.default.fileExists(atPath: journal.output.path))
    }
}
