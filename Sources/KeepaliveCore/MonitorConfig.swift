/// The whole validated configuration.
public struct MonitorConfig: Hashable, Sendable {
    /// Endpoints in the order they were written.
    public var endpoints: [EndpointConfig]
    /// The file this came from, or nil when it came from the command line only.
    public var path: String?
    public var control: ControlSettings
    public var metrics: MetricsSettings

    public init(
        endpoints: [EndpointConfig],
        path: String?,
        control: ControlSettings = ControlSettings(),
        metrics: MetricsSettings = MetricsSettings()
    ) {
        self.endpoints = endpoints
        self.path = path
        self.control = control
        self.metrics = metrics
    }
}
