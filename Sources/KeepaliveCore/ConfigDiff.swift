/// What a reload changes: endpoints are matched by name; an endpoint whose resolved settings are identical is
/// unchanged and keeps its connection untouched.
public struct ConfigDiff: Hashable, Sendable {
    public var added: [EndpointConfig]
    public var removed: [String]
    /// The new settings of endpoints that keep their name but changed anything else; they reconnect.
    public var changed: [EndpointConfig]
    public var unchanged: [String]

    public init(from old: MonitorConfig, to new: MonitorConfig) {
        let oldByName = Dictionary(old.endpoints.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(new.endpoints.map(\.name))
        added = new.endpoints.filter { oldByName[$0.name] == nil }
        changed = new.endpoints.filter { endpoint in oldByName[endpoint.name].map { $0 != endpoint } ?? false }
        unchanged = new.endpoints.filter { oldByName[$0.name] == $0 }.map(\.name)
        removed = old.endpoints.map(\.name).filter { !newNames.contains($0) }
    }

    /// `1 added, 1 removed, 1 changed, 5 unchanged`.
    public var summary: String {
        "\(added.count) added, \(removed.count) removed, \(changed.count) changed, \(unchanged.count) unchanged"
    }
}
