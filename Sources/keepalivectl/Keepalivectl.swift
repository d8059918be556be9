import ArgumentParser
import KeepaliveControl
import KeepaliveCore

/// `keepalivectl`: asks the running daemon over its control socket and shows the answer.
@main
struct Keepalivectl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keepalivectl",
        abstract: "Ask keepalive-monitor which upstream peers are up, suspect or down.",
        discussion: """
            Talks to the running keepalive-monitor daemon over its control socket, with the varlink interface \
            \(MonitorInterface.name). Anyone who can open the socket may read; reload and reconnect need root \
            or the daemon's user. Without a subcommand, keepalivectl shows the status table.
            """,
        version: ProductVersion.current,
        subcommands: [Status.self, Watch.self, Check.self, Info.self, Reload.self, Reconnect.self],
        defaultSubcommand: Status.self
    )
}
