import Foundation
import Glibc
import Synchronization

/// A long-running helper process (the daemon, a peer, a watching client), started by `ChildLaunch` like every
/// child of the test targets, with its output read line by line as it comes, each line stamped with the moment it
/// was read. `stop()` (call it in a `defer`) kills it by pid; `transcript` goes into failure messages so that a red
/// CI run says why. (`CommandRun` is the other mode: a program run to completion.)
public final class ChildProcess: Sendable {
    /// One line of output, without its newline.
    public struct Line: Sendable {
        public var text: String
        public var readAt: ContinuousClock.Instant
        public var fromStandardError: Bool
    }

    /// What the test calls the process in its transcript.
    public let name: String
    private let process: Process
    private let input: Pipe
    private let output = Output()

    /// Starts `arguments` (the first a path or a name in `PATH`) in `directory`; `environment` is added to this
    /// process's, minus `ChildLaunch.scrubbedVariables`.
    public init(name: String, arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws {
        guard let command = arguments.first else { throw TestFailure("\(name): no command to run") }
        self.name = name
        process = ChildLaunch.process(
            command, Array(arguments.dropFirst()), environment: environment, workingDirectory: directory)
        input = Pipe()
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardInput = input
        process.standardOutput = standardOutput
        process.standardError = standardError
        output.collect(standardOutput, fromStandardError: false)
        output.collect(standardError, fromStandardError: true)
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    /// The exit status, or nil while it runs.
    public var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Every line read so far, standard output and standard error in the order read.
    public var allLines: [Line] { output.lines.all }

    public var transcript: String {
        "--- \(name) (pid \(pid)) ---\n" + allLines.map(\.text).joined(separator: "\n")
    }

    /// Writes `line` and a newline to the process's standard input.
    public func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    public func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits until a line at index `start` or later satisfies `matches`; returns it and its index.
    public func waitForLine(
        from start: Int = 0,
        timeout: Duration,
        _ matches: (Line) -> Bool
    ) -> (line: Line, index: Int)? {
        output.lines.wait(from: start, timeout: timeout, matches).map { (line: $0.entry, index: $0.index) }
    }

    /// Waits for the process to exit; returns how long that took, or nil on timeout. Its output is read to the
    /// end before this returns (or until the timeout, if a child of it still holds the pipes).
    public func waitForExit(timeout: Duration) -> Duration? {
        let started = ContinuousClock.now
        guard eventually(timeout: timeout, { !process.isRunning }) else { return nil }
        let exited = ContinuousClock.now - started
        _ = eventually(timeout: timeout - exited) { output.bothStreamsEnded }
        return exited
    }

    /// Kills the process (SIGKILL) and reaps it.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? input.fileHandleForWriting.close()
    }

    /// The two output streams cut into lines; shared by reference with their readability handlers.
    private final class Output: Sendable {
        private struct Streams {
            /// Bytes after the last newline, by stream (standard output first).
            var pending = [Data(), Data()]
            /// Streams that reached end of file; both do once the process and its children are gone.
            var ended = 0
        }

        let lines = ReadLog<Line>()
        private let streams = Mutex(Streams())

        var bothStreamsEnded: Bool { streams.withLock { $0.ended == 2 } }

        func collect(_ pipe: Pipe, fromStandardError: Bool) {
            let stream = fromStandardError ? 1 : 0
            pipe.fileHandleForReading.readabilityHandler = { [self] handle in
                let chunk = handle.availableData
                let now = ContinuousClock.now
                if chunk.isEmpty { handle.readabilityHandler = nil }
                streams.withLock { streams in
                    func append(_ bytes: Data) {
                        lines.append(
                            Line(text: String(decoding: bytes, as: UTF8.self), readAt: now, fromStandardError: fromStandardError))
                    }
                    guard !chunk.isEmpty else {
                        if !streams.pending[stream].isEmpty { append(streams.pending[stream]) }
                        streams.pending[stream].removeAll()
                        streams.ended += 1
                        return
                    }
                    streams.pending[stream].append(chunk)
                    while let newline = streams.pending[stream].firstIndex(of: UInt8(ascii: "\n")) {
                        let buffer = streams.pending[stream]
                        append(buffer[buffer.startIndex..<newline])
                        streams.pending[stream].removeSubrange(buffer.startIndex...newline)
                    }
                }
            }
        }
    }
}
