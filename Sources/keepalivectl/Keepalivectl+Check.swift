import ArgumentParser
import KeepaliveControl

extension Keepalivectl {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a one-line summary for a monitoring system and exit with its status.",
            discussion: """
                Follows the monitoring-plugins convention (Nagios, Icinga, Sensu, check_by_ssh). Exit status \
                0 (OK) when every peer is up, 1 (WARNING) when any is suspect or still connecting, 2 (CRITICAL) \
                when any is down, 3 (UNKNOWN) when the daemon cannot be asked, for example because it is not \
                running or does not answer within the timeout.
                """
        )

        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let result = Self.evaluate(connection.client)
            Terminal.write(output.json ? result.jsonLine : result.summary + "\n")
            if result.status != .ok {
                throw ExitCode(result.status.exitCode)
            }
        }

        static func evaluate(_ client: ControlClient) -> CheckResult {
            do {
                return CheckResult(peers: try client.listPeers())
            } catch {
                return CheckResult(unknown: error.message)
            }
        }
    }
}
