import ArgumentParser
import KeepaliveControl

extension Keepalivectl {
    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a line for every change of a peer's state, live, until interrupted.",
            discussion: """
                Starts with one line per peer for the state it is in now. Each line has the time the peer \
                entered the state, its name, the state, the reason when down, and the unanswered keepalive \
                probes. A new line appears when a peer's state, reason or unanswered probes change. With \
                --json, each line is one reply of the varlink method Watch, with the fields initial and peer.
                """
        )

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            Interrupts.unblock()
            let colour = Terminal.standardOutputWantsColour
            var filter = WatchFilter()
            try connection.client.watch { reply in
                guard filter.admits(reply) else { return }
                Terminal.write(
                    output.json ? reply.jsonLine : WatchLine.render(reply.peer, time: .system(), colour: colour))
            }
        }
    }
}
