import ArgumentParser
import KeepaliveControl

extension Keepalivectl {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every peer's state, or everything about one peer.",
            discussion: """
                The table has one line per peer: its address, state (connecting, up, suspect or down), the \
                reason when down, how long ago it entered the state, unanswered keepalive probes of the count \
                that declares it dead, and from the latest TCP_INFO sample the round-trip time and the last \
                ACK. States are coloured on a terminal unless NO_COLOR is set. With a peer's name, shows its \
                keepalive settings, the whole TCP_INFO sample and its counters too.
                """
        )

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        @Argument(
            help: "Show everything about the peer with this name.",
            completion: .custom { words, _, _ in PeerNameCompletion.names(words) })
        var peer: String?

        func run() throws {
            let client = connection.client
            let time = DisplayTime.system()
            let colour = Terminal.standardOutputWantsColour
            switch (peer, output.json) {
            case (let name?, true):
                Terminal.write(GetPeerReply(peer: try client.peer(named: name)).jsonLineBytes)
            case (let name?, false):
                Terminal.write(PeerDetail.render(try client.peer(named: name), time: time, colour: colour))
            case (nil, true):
                Terminal.write(ListPeersReply(peers: try client.listPeers()).jsonLineBytes)
            case (nil, false):
                Terminal.write(StatusTable.render(try client.listPeers(), time: time, colour: colour))
            }
        }
    }
}
