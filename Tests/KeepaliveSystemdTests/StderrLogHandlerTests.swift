import Glibc
import Logging
import Testing

@testable import KeepaliveSystemd

/// `StderrLogHandler` writing to a real pipe, as it would to stderr under a supervisor.
@Suite
struct StderrLogHandlerTests {
    @Test func writesOneParsableLinePerEntry() throws {
        let pipe = try PipeCapture()
        defer { pipe.close() }
        var logger = Logger(label: "test") { _ in StderrLogHandler(fileDescriptor: pipe.writeEnd) }
        logger[metadataKey: "peer"] = "db"
        logger.error(
            "Peer is down",
            metadata: ["peer.state": "down", "tcp.probes": "3", "message_id": "f764b7df88a74687a682f8836bf27d3e"]
        )
        logger.notice("Peer recovered", metadata: ["peer.reason": "answered after 2 probes"])
        logger.debug("Not shown at the default level")
        let lines = pipe.readAvailable().split(separator: "\n").map(String.init)
        try #require(lines.count == 2)
        #expect(lines[0].contains(" err     Peer is down MESSAGE_ID=f764b7df88a74687a682f8836bf27d3e PEER=db "))
        #expect(
            StderrLogLine.parseFields(lines[0]) == [
                "PEER": "db", "PEER_STATE": "down", "TCP_PROBES": "3", "MESSAGE_ID": "f764b7df88a74687a682f8836bf27d3e",
            ]
        )
        let second = try #require(StderrLogLine.parse(lines[1]))
        #expect(second.keyword == "notice")
        #expect(second.message == "Peer recovered")
        #expect(second.fields == ["PEER": "db", "PEER_REASON": "answered after 2 probes"])
    }

    @Test func timestampsAreCurrentUTC() throws {
        let pipe = try PipeCapture()
        defer { pipe.close() }
        let before = RealtimeTimestamp.now().iso8601
        Logger(label: "test") { _ in StderrLogHandler(fileDescriptor: pipe.writeEnd) }.info("Tick")
        let after = RealtimeTimestamp.now().iso8601
        let stamp = try #require(StderrLogLine.parse(pipe.readAvailable())).timestamp
        #expect(before <= stamp && stamp <= after)
    }

    /// /dev/full fails every write with ENOSPC: a real failing write. (A closed descriptor would not do: tests run
    /// in parallel, and its number may already belong to another test's pipe.)
    @Test func aFailingWriteDropsTheLineWithoutCrashing() throws {
        let full = open("/dev/full", O_WRONLY | O_CLOEXEC)
        try #require(full >= 0)
        defer { close(full) }
        Logger(label: "test") { _ in StderrLogHandler(fileDescriptor: full) }.error("Nowhere to go")
    }
}
