import Foundation

/// Runs a program to completion with its stdout and stderr captured in one file, so that a failing test can show
/// what the program said. A program still running after `timeout` gets SIGTERM, then SIGKILL, and the run fails.
///
/// Beware: children started this way inherit the spawning thread's signal mask, which in a Swift Testing process
/// blocks most signals (SIGTERM, SIGHUP, SIGINT included). That is why SIGKILL follows, and why with-journald.sh
/// resets the mask before it runs anything.
struct ChildProcess {
    struct Outcome {
        let status: Int32
        let output: String
    }

    static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        standardInput: String? = nil,
        outputFile: String,
        timeout: Duration = .seconds(60)
    ) throws -> Outcome {
        _ = FileManager.default.createFile(atPath: outputFile, contents: nil)
        let output = try FileHandle(forWritingTo: URL(filePath: outputFile))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(filePath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        let input = Pipe()
        process.standardInput = input
        try process.run()
        // Written at once, before the child can have exited: small enough for the pipe buffer, so no SIGPIPE.
        if let standardInput {
            try input.fileHandleForWriting.write(contentsOf: Data(standardInput.utf8))
        }
        try input.fileHandleForWriting.close()

        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            Thread.sleep(forTimeInterval: 2)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            throw TestFailure(
                "\(executable) did not finish within \(timeout); output:\n\(Self.contents(of: outputFile))"
            )
        }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: Self.contents(of: outputFile))
    }

    private static func contents(of path: String) -> String {
        (try? String(contentsOfFile: path, encoding: .utf8)) ?? "(unreadable)"
    }
}
