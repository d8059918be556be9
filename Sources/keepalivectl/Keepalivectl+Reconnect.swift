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

        @Argument(
            help: "The peer to reconnect, as named in the configuration.",
            completion: .custom { words, _, _ in PeerNameCompletion.names(words) })
        var peer: String

        func run() throws {
            try connection.client.reconnect(peer: peer)
            Terminal.write("Reconnecting \(peer).\n")
        }
    }
}
