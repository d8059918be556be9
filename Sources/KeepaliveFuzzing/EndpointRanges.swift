import KeepaliveCore

/// The documented range of every resolved endpoint setting (the README's configuration table), checked on
/// whatever the loader accepted.
enum EndpointRanges {
    static func check(_ endpoint: EndpointConfig, _ log: inout InvariantLog) {
        let name = endpoint.name
        let keepalive = endpoint.keepalive
        let seconds = KeepaliveSettings.secondsRange
        for (field, value) in [("idle", keepalive.idle), ("interval", keepalive.interval)] {
            let (whole, fraction) = value.components
            log.check(
                fraction == 0 && seconds.contains(whole), "\(name): keepalive \(field) \(value) is out of range")
        }
        log.check(
            KeepaliveSettings.countRange.contains(keepalive.count),
            "\(name): keepalive count \(keepalive.count) is out of range")
        log.check(
            endpoint.userTimeout >= .zero && endpoint.userTimeout <= .milliseconds(Int64(Int32.max)),
            "\(name): user timeout \(endpoint.userTimeout) is out of range")
        log.check(
            endpoint.connectTimeout > .zero && endpoint.connectTimeout <= .seconds(3600),
            "\(name): connect timeout \(endpoint.connectTimeout) is out of range")
        let reconnect = endpoint.reconnect
        log.check(
            reconnect.initial > .zero && reconnect.initial <= .seconds(86_400),
            "\(name): reconnect initial \(reconnect.initial) is out of range")
        log.check(
            reconnect.maximum >= reconnect.initial && reconnect.maximum <= .seconds(86_400),
            "\(name): reconnect max \(reconnect.maximum) is out of range")
        log.check(
            (0.0...1.0).contains(reconnect.jitter), "\(name): reconnect jitter \(reconnect.jitter) is out of range")
        log.check(
            (1...65535).contains(endpoint.address.port), "\(name): port \(endpoint.address.port) is out of range")
    }
}
