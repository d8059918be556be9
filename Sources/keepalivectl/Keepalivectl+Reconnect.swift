import ArgumentParser
import KeepaliveControl

extension Keepalivectl {
    struct Reconnect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop a peer's connection and connect again now.",
            discussion: """
                Useful after fixing a peer that is down, instead of waiting for the reconnect backoff. Needs \
                root or the daemon's user. Follow the new connection with keepalivectl watch.
                """
        )

        @OptionGroup var connection: ConnectionOptions
        /// Only to refuse `--json`, which the root command accepts anywhere on the line; not in the help.
        @OptionGroup(visibility: .private) var output: OutputOptions

        @Argument(
            help: "The peer to reconnect, as named in the configuration.",
            completion: .custom { words, _, _ in PeerNameCompletion.names(words) })
        var peer: String

        func validate() throws {
            try OutputOptions.refuse(output, command: "reconnect")
        }

        func run() throws {
            try connection.client.reconnect(peer: peer)
            Terminal.write("Reconnecting \(peer).\n")
        }
    }
}
