import Glibc
import KeepaliveConfig
import KeepaliveCore

/// The fuzz target of the small parsers an operator's text goes through: endpoint addresses, durations, the
/// `IDLE:INTERVAL:COUNT` shorthand, and `--endpoint` / `--keepalive` as the loader reads them.
///
/// Invariants: an accepted address has a host and a port from 1 to 65535, prints as text that parses back to it,
/// and is an IPv4 or IPv6 literal exactly when `inet_pton` (which the connect uses) takes it; an accepted
/// duration is not negative and its printed form reads back to it; the command line (the first line as
/// `--endpoint`, the second, if any, as `--keepalive`) either yields the one endpoint it names or diagnostics
/// that say which option is wrong.
public enum TextParsersFuzzTarget {
    /// What each parser made of the text.
    public struct Outcome: Hashable, Sendable {
        public var address: EndpointAddress?
        public var duration: Duration?
        public var shorthand: KeepaliveShorthand?
        /// The command line's result: the endpoint's name, or the diagnostics' text.
        public var commandLine: Result<String, CommandLineRejected>
    }

    /// The diagnostics of a rejected command line, as text.
    public struct CommandLineRejected: Error, Hashable, Sendable {
        public var diagnostics: [String]
    }

    public static func run(_ input: [UInt8]) -> FuzzRun<Outcome> {
        let text = String(decoding: input, as: UTF8.self)
        var log = InvariantLog()
        let address = try? EndpointAddress.parse(text)
        if let address { check(address, &log) }
        let duration = DurationText.parse(text)
        if let duration {
            log.check(duration >= .zero, "a negative duration \(duration)")
            let printed = DurationText.format(duration)
            log.check(DurationText.parse(printed) == duration, "\(duration) prints as \(printed), which reads back else")
        }
        let shorthand = try? KeepaliveShorthand.parse(text)
        let commandLine = commandLine(text, &log)
        return log.run(Outcome(address: address, duration: duration, shorthand: shorthand, commandLine: commandLine))
    }

    private static func check(_ address: EndpointAddress, _ log: inout InvariantLog) {
        log.check(!address.host.isEmpty, "an address without a host")
        log.check((1...65535).contains(address.port), "port \(address.port)")
        log.check((try? EndpointAddress.parse(address.description)) == address, "\(address) does not read back")
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        let isIPv4 = inet_pton(AF_INET, address.host, &ipv4) == 1
        let isIPv6 = inet_pton(AF_INET6, address.host, &ipv6) == 1
        log.check((address.kind == .ipv4) == isIPv4, "\"\(address.host)\" is \(address.kind), inet_pton: \(isIPv4)")
        log.check((address.kind == .ipv6) == isIPv6, "\"\(address.host)\" is \(address.kind), inet_pton: \(isIPv6)")
    }

    private static func commandLine(_ text: String, _ log: inout InvariantLog) -> Result<String, CommandLineRejected> {
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let argument = String(lines[0])
        let overrides = CommandLineOverrides(endpoints: [argument], keepalive: lines.count > 1 ? String(lines[1]) : nil)
        do {
            let config = try ConfigLoader.load(text: nil, path: nil, overrides: overrides)
            log.check(config.endpoints.count == 1, "one --endpoint gave \(config.endpoints.count) endpoints")
            guard let endpoint = config.endpoints.first else { return .failure(CommandLineRejected(diagnostics: [])) }
            log.check(argument.hasPrefix(endpoint.name + "="), "--endpoint \(argument) is named \(endpoint.name)")
            EndpointRanges.check(endpoint, &log)
            return .success(endpoint.name)
        } catch {
            for diagnostic in error.diagnostics {
                log.check(
                    ["--endpoint", "--keepalive"].contains(diagnostic.source) && diagnostic.line == nil,
                    "a command-line diagnostic from \(diagnostic.source)")
            }
            log.check(!error.diagnostics.isEmpty, "a command line rejected without a diagnostic")
            return .failure(CommandLineRejected(diagnostics: error.diagnostics.map(\.description)))
        }
    }
}
