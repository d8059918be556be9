import ArgumentParser
import KeepaliveControl

extension Keepalivectl {
    struct Reload: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the daemon read its configuration again, as SIGHUP does.",
            discussion: """
                Prints the new generation when the configuration was accepted. When it was rejected, prints \
                every error, keeps the running configuration and exits with status 1. Needs root or the \
                daemon's user.
                """
        )

        @OptionGroup var connection: ConnectionOptions
        /// Only to refuse `--json`, which the root command accepts anywhere on the line; not in the help.
        @OptionGroup(visibility: .private) var output: OutputOptions

        func validate() throws {
            try OutputOptions.refuse(output, command: "reload")
        }

        func run() throws {
            let result = try connection.client.reload()
            if result.accepted {
                Terminal.write("Configuration accepted: generation \(result.generation) is running.\n")
            } else {
                Terminal.writeError(ReloadText.rejection(result))
                throw ExitCode.failure
            }
        }
    }
}

enum ReloadText {
    static func rejection(_ result: ReloadResult) -> String {
        "Configuration rejected; generation \(result.generation) keeps running:\n"
            + result.errors.map { "  \($0)\n" }.joined()
    }
}
