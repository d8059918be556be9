import KeepaliveCore

/// An endpoint as read from one place, before its settings are resolved.
struct EndpointDraft {
    /// Where an endpoint was defined, for pointing back at the first of two with the same name.
    enum Place: Hashable, Sendable {
        case file(TOMLSourceIndex.TableRef)
        case commandLine
    }

    /// nil when missing or invalid; the problem is already reported.
    var name: String?
    /// nil when missing or invalid; the problem is already reported.
    var address: EndpointAddress?
    var settings: SettingsLayer
    var place: Place
}
