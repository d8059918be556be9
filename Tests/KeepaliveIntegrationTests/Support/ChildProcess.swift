import Foundation

/// A helper process (the daemon, a peer) with its output captured line by line, each line stamped with the
/// moment the test read it. `stop()` (call it in a `defer`) kills it by pid; `transcript` goes into failure
/// messages so a red CI run says why.
final class ChildProcess: Sendable {
    struct Line: Sendable {
        var text: String
        var readAt: ContinuousClock.Instant
        var fromStandardError: Bool
    }

    let name: String
    private let process: Process
    private let input: Pipe
    private let lines = Locked<[Line]>([])
    /// Output streams that reached end of file; both do once the process and its children are gone.
    private let closedStreams = Locked(0)

    init(name: String, arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws {
        self.name = name
        process = Process()
        process.currentDirectoryURL = directory
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Foundation passes on the spawning thread's signal mask, in which Swift Testing's threads block SIGTERM
        // and SIGHUP; a child must start with the clean signal state systemd would give it.
        process.arguments = ["--default-signal"] + arguments
        var merged = ProcessInfo.processInfo.environment
        // Never let an outer systemd context leak into the child's choices.
        for key in ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "LISTEN_FDS", "LISTEN_PID"] {
            merged[key] = nil
        }
        merged.merge(environment) { $1 }
        process.environment = merged
        input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        Self.collect(output, into: lines, closed: closedStreams, fromStandardError: false)
        Self.collect(errors, into: lines, closed: closedStreams, fromStandardError: true)
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    var allLines: [Line] { lines.withLock { $0 } }

    var transcript: String {
        "--- \(name) (pid \(pid)) ---\n" + allLines.map(\.text).joined(separator: "\n")
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits until a line after index `from` satisfies `matches`; returns it and its index.
    func waitForLine(
        from start: Int = 0,
        timeout: Duration,
        _ matches: (Line) -> Bool
    ) -> (line: Line, index: Int)? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let snapshot = allLines
            if start < snapshot.count {
                for index in start..<snapshot.count where matches(snapshot[index]) {
                    return (snapshot[index], index)
                }
            }
            usleep(2_000)
        }
        return nil
    }

    /// Waits for the process to exit; returns how long that took, or nil on timeout. Its output is read to the
    /// end before this returns (or until the timeout, if a child of it still holds the pipes).
    func waitForExit(timeout: Duration) -> Duration? {
        let started = ContinuousClock.now
        while process.isRunning {
            if ContinuousClock.now - started > timeout { return nil }
            usleep(2_000)
        }
        let exited = ContinuousClock.now - started
        while closedStreams.withLock({ $0 }) < 2 && ContinuousClock.now - started < timeout {
            usleep(1_000)
        }
        return exited
    }

    /// Kills the process (SIGKILL) and reaps it.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? input.fileHandleForWriting.close()
    }

    private static func collect(_ pipe: Pipe, into lines: Locked<[Line]>, closed: Locked<Int>, fromStandardError: Bool) {
        let pending = Locked(Data())
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            let now = ContinuousClock.now
            if chunk.isEmpty {
                handle.readabilityHandler = nil
                let rest = pending.withLock { buffer in
                    defer { buffer.removeAll() }
                    return String(decoding: buffer, as: UTF8.self)
                }
                if !rest.isEmpty {
                    lines.withLock { $0.append(Line(text: rest, readAt: now, fromStandardError: fromStandardError)) }
                }
                closed.withLock { $0 += 1 }
                return
            }
            pending.withLock { buffer in
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let text = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    lines.withLock { $0.append(Line(text: text, readAt: now, fromStandardError: fromStandardError)) }
                }
            }
        }
    }
}
