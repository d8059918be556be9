import KeepaliveCore

/// Rules for `[metrics] listen` and `--metrics-listen`: an IP address literal and a port, as the listener
/// binds it (a name would have to be resolved, and could resolve to an address nobody meant to expose).
enum MetricsListenAddress {
    static let expectation = "expected an IP address and port such as \"127.0.0.1:9469\" or \"[::1]:9469\""

    /// Why a listen address was refused, as a sentence.
    struct Problem: Error {
        var message: String
    }

    static func parse(_ text: String) -> Result<EndpointAddress, Problem> {
        let address: EndpointAddress
        do {
            address = try EndpointAddress.parse(text)
        } catch {
            return .failure(Problem(message: error.message))
        }
        guard address.kind != .dnsName else {
            return .failure(Problem(message: "\(expectation), found \(TOMLText.quoted(text)) (a name, not an address)"))
        }
        return .success(address)
    }
}
