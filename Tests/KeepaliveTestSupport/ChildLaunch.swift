import Foundation

/// The one place where the test targets build a child `Process`: every runner (`CommandRun`, `ChildProcess`)
/// starts its children here, so that they all begin in the same clean state.
enum ChildLaunch {
    /// Variables a child never inherits from the test process: an outer systemd context (notify socket, watchdog,
    /// journal stream, passed sockets) must not leak into the child's choices, and the CLI's colour and socket
    /// variables are the test's to set.
    static let scrubbedVariables = [
        "NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "JOURNAL_STREAM", "LISTEN_FDS", "LISTEN_PID",
        "NO_COLOR", "KEEPALIVE_MONITOR_SOCKET",
    ]

    /// A `Process`, not yet started, that runs `command` (a path, or a name looked up in `PATH`; leading
    /// `NAME=value` words set variables, as for env(1)) with `arguments`. `environment` is added to this process's,
    /// minus `scrubbedVariables`.
    static func process(
        _ command: String,
        _ arguments: [String],
        environment: [String: String],
        workingDirectory: URL?
    ) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Foundation passes on the spawning thread's signal mask, in which Swift Testing's threads block SIGTERM
        // and SIGHUP; a child must start with the clean signal state systemd would give it.
        process.arguments = ["--default-signal", command] + arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        var merged = ProcessInfo.processInfo.environment
        for key in scrubbedVariables {
            merged[key] = nil
        }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        return process
    }
}
