import ArgumentParser
import Glibc
import KeepaliveControl
import KeepaliveCore
import KeepalivePOSIX

/// Where the daemon listens and how long to wait for it; shared by every subcommand.
struct ConnectionOptions: ParsableArguments {
    static let environmentVariable = "KEEPALIVE_MONITOR_SOCKET"

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            Talk to the daemon on this control socket. Without it, $\(environmentVariable) is used when set, else \
            \(BuiltInDefaults.controlSocketPath).
            """,
            valueName: "path"))
    var socket: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Give up when the daemon does not answer within this many seconds; watch waits for changes without limit.",
            valueName: "seconds"))
    var timeout: Int = Int(ControlClient.defaultTimeout.components.seconds)

    func validate() throws {
        guard timeout > 0 else {
            throw ValidationError("--timeout must be a whole number of seconds above 0, not \(timeout).")
        }
    }

    var socketPath: String { Self.socketPath(explicit: socket) }

    /// `--socket`, else a non-empty $KEEPALIVE_MONITOR_SOCKET, else the default path.
    static func socketPath(explicit: String?) -> String {
        if let explicit { return explicit }
        if let value = POSIX.environmentValue(environmentVariable), !value.isEmpty { return value }
        return BuiltInDefaults.controlSocketPath
    }

    var client: ControlClient {
        ControlClient(socketPath: socketPath, timeout: .seconds(timeout))
    }
}

/// `--json` of the read commands.
struct OutputOptions: ParsableArguments {
    @Flag(
        name: .long,
        help: "Print JSON instead of text: the varlink reply's fields, sorted keys, one object per line.")
    var json = false

    /// For the commands that print no data. The root command takes `--json` wherever it stands, so they must
    /// refuse it themselves rather than ignore it.
    static func refuse(_ options: OutputOptions, command: String) throws {
        if options.json {
            throw ValidationError("\(command) has no JSON output; --json applies to status, watch, check and info.")
        }
    }
}
