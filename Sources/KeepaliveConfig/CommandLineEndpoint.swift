import KeepaliveCore

/// Reads one `--endpoint NAME=HOST:PORT` argument.
enum CommandLineEndpoint {
    static let source = "--endpoint"

    /// The endpoint, or the messages that say what is wrong with `argument`; the settings come from the
    /// layers the caller applies.
    static func parse(_ argument: String) -> (draft: EndpointDraft?, problems: [String]) {
        let quotedArgument = TOMLText.quoted(argument)
        guard let equals = argument.firstIndex(of: "=") else {
            return (nil, ["expected NAME=HOST:PORT such as \"db=10.0.0.5:5432\", found \(quotedArgument)"])
        }
        let name = String(argument[..<equals])
        let addressText = String(argument[argument.index(after: equals)...])
        var problems: [String] = []
        if !EndpointName.isValid(name) {
            problems.append("name in \(quotedArgument): \(EndpointName.expectation), found \(TOMLText.quoted(name))")
        }
        var address: EndpointAddress?
        do {
            address = try EndpointAddress.parse(addressText)
        } catch {
            problems.append("address in \(quotedArgument): \(error.message)")
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (EndpointDraft(name: name, address: address, settings: SettingsLayer(), place: .commandLine), [])
    }
}
