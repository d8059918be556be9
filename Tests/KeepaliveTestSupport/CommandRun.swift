import Foundation
import Glibc
import Synchronization

/// A program run to completion as a child process (by default the built `keepalivectl`), started by `ChildLaunch`
/// like every child of the test targets. Its output goes to files, not pipes: a pipe's end of file waits for every
/// process that inherited its write end, and tests start children in parallel. (`ChildProcess` is the other mode:
/// a long-running helper whose lines are read as they come.)
public final class CommandRun: Sendable {
    /// Next to the test bundle, where `swift build` puts the executables.
    public static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("keepalivectl").path
    }

    private static let counter = Atomic<Int>(0)

    private let process: Process
    private let outputPath: String
    private let errorPath: String

    /// Starts `keepalivectl arguments…` (or another `executable`, a path or a name in `PATH`); `environment` is
    /// added to this process's, minus `ChildLaunch.scrubbedVariables` (NO_COLOR and the socket variable among
    /// them), so that the test decides.
    /// `standardInput` is written to the child at once and closed (small enough for the pipe buffer);
    /// `mergingErrors` sends stderr to the output file too, in the order written.
    public init(
        _ arguments: [String],
        executable: String = binary,
        environment: [String: String] = [:],
        workingDirectory: URL? = nil,
        standardInput: String? = nil,
        mergingErrors: Bool = false
    ) throws {
        let stem = "/tmp/kam-ctl-run-\(getpid())-\(Self.counter.add(1, ordering: .relaxed).newValue)"
        outputPath = stem + ".out"
        errorPath = stem + ".err"
        try Data().write(to: URL(fileURLWithPath: outputPath))
        try Data().write(to: URL(fileURLWithPath: errorPath))
        process = ChildLaunch.process(
            executable, arguments, environment: environment, workingDirectory: workingDirectory)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = mergingErrors ? output : try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        let input = standardInput.map { _ in Pipe() }
        process.standardInput = input ?? FileHandle.nullDevice
        try process.run()
        if let input, let standardInput {
            try input.fileHandleForWriting.write(contentsOf: Data(standardInput.utf8))
            try input.fileHandleForWriting.close()
        }
    }

    deinit {
        stop()
        unlink(outputPath)
        unlink(errorPath)
    }

    /// Runs to the end (at most `timeout`) and returns exit status, standard output and standard error.
    public static func run(
        _ arguments: [String],
        executable: String = binary,
        environment: [String: String] = [:],
        workingDirectory: URL? = nil,
        timeout: Duration = .seconds(20)
    ) async throws -> (status: Int32, output: String, errors: String) {
        let run = try CommandRun(
            arguments, executable: executable, environment: environment, workingDirectory: workingDirectory)
        let exited = await eventually(timeout: timeout) { !run.isRunning }
        run.stop()
        // A plain error, not an expectation: this target is a library (the release build compiles it), without
        // the Testing module.
        guard exited else {
            throw TimedOut(
                description: "\(executable) \(arguments.joined(separator: " ")) did not exit within \(timeout); "
                    + "output:\n\(run.outputText)\(run.errorText)")
        }
        return (run.status, run.outputText, run.errorText)
    }

    /// Runs to the end, blocking the calling thread (for synchronous tests), with stdout and stderr in one text so
    /// that a failing test shows what the program said. A program still running after `timeout` is killed and the
    /// run throws.
    public static func runBlocking(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        standardInput: String? = nil,
        timeout: Duration = .seconds(60)
    ) throws -> (status: Int32, output: String) {
        let run = try CommandRun(
            arguments, executable: executable, environment: environment, standardInput: standardInput,
            mergingErrors: true)
        guard eventually(timeout: timeout, { !run.isRunning }) else {
            run.stop()
            throw TimedOut(description: "\(executable) did not finish within \(timeout); output:\n\(run.outputText)")
        }
        return (run.status, run.outputText)
    }

    /// A run that did not end in time.
    public struct TimedOut: Error, CustomStringConvertible {
        public var description: String
    }

    public var outputText: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }
    public var errorText: String { (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? "" }
    /// Complete lines written so far.
    public var outputLines: [String] { outputText.split(separator: "\n").map(String.init) }
    public var isRunning: Bool { process.isRunning }
    public var status: Int32 { process.isRunning ? -1 : process.terminationStatus }

    /// Sends `signal` to the process by its own pid if it still runs (a test of how the program stops).
    public func signal(_ signal: Int32) {
        if process.isRunning {
            kill(process.processIdentifier, signal)
        }
    }

    /// Kills the process by its own pid if it still runs.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
    }
}
