/// The optional Prometheus listener (`[metrics]`).
public struct MetricsSettings: Hashable, Sendable {
    /// The IP address and TCP port `/metrics` is served on, or nil (the default) for no listener.
    public var listen: EndpointAddress?

    public init(listen: EndpointAddress? = nil) {
        self.listen = listen
    }
}
