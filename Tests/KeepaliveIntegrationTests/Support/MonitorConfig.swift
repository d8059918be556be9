/// The configuration files the tests write, in one shape: `[defaults]` with keepalive 1 s / 1 s / 3 unless told
/// otherwise, any other sections, then one `[[endpoint]]` table per endpoint.
enum MonitorConfig {
    /// - Parameters:
    ///   - endpoints: name and address of each endpoint, in order.
    ///   - defaults: more lines of `[defaults]`, each ending in a newline.
    ///   - sections: whole sections (`[control]`, `[metrics]`…) before the endpoints.
    ///   - extra: more lines of the named endpoint's table.
    static func text(
        _ endpoints: [(name: String, address: String)],
        keepalive: String = "1s:1s:3",
        defaults: String = "",
        sections: String = "",
        extra: [String: String] = [:]
    ) -> String {
        var text = "[defaults]\nkeepalive = \"\(keepalive)\"\n" + defaults
        if !sections.isEmpty { text += "\n" + sections }
        for (name, address) in endpoints {
            text += "\n[[endpoint]]\nname = \"\(name)\"\naddress = \"\(address)\"\n" + (extra[name] ?? "")
        }
        return text
    }
}
