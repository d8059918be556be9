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
            or the daemon's user. Without a subcommand, keepalivectl shows the status table. The options may \
            come before or after the subcommand; --json applies to status, watch, check and info.
            """,
        version: ProductVersion.current,
        subcommands: [Status.self, Watch.self, Check.self, Info.self, Reload.self, Reconnect.self],
        defaultSubcommand: Status.self
    )

    // Declared on the root so that they are parsed wherever they stand, before the subcommand too: without them
    // the default subcommand read `--socket PATH status` as the status of a peer named "status". A subcommand's
    // `@OptionGroup` of the same type receives these values.
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var output: OutputOptions
}
