import ArgumentParser
import KeepaliveControl

extension Keepalivectl {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the daemon's version, uptime, configuration and peer counts.",
            discussion: """
                The generation counts the configurations the daemon accepted since it started, from 1; each \
                accepted reload adds one.
                """
        )

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let info = try connection.client.daemonInfo()
            Terminal.write(output.json ? info.jsonLine : DaemonInfoText.render(info, time: .system()))
        }
    }
}
