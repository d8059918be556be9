import CoreMetrics
import KeepaliveCore
import Prometheus

/// Where the daemon records its own metrics, as swift-metrics handles: the monitor and the sample timers
/// record into these when things happen (a rejected reload, a sample timer firing — never per sample), without
/// knowing who reads them. `disabled` records nowhere, for a daemon without a metrics listener.
public struct DaemonMetrics: Sendable {
    /// Endpoints in the running configuration; set at start and on every accepted reload.
    public let endpoints: Meter
    /// The running configuration's generation; set at start and on every accepted reload.
    public let configGeneration: Meter
    /// Incremented for every rejected reload.
    public let reloadFailures: CoreMetrics.Counter
    /// Incremented for every stall of the monitor itself (`StallWatch`).
    public let stalls: CoreMetrics.Counter
    /// One observation per sample-timer wake-up: how late it fired.
    public let sampleLag: CoreMetrics.Timer

    /// The buckets of `sampleLag`: the timers are armed at bucket boundaries at least 4 ms apart, so anything
    /// past a few milliseconds is the loop being busy or the machine starved.
    public static let sampleLagBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(20), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1),
    ]

    /// Handles registered in `registry`, with the families' help texts.
    init(registry: PrometheusCollectorRegistry) {
        let factory = PrometheusMetricsFactory(registry: registry)
        func meter(_ family: MetricFamily) -> Meter {
            Meter(label: family.name, dimensions: [],
                  handler: registry.makeGauge(descriptor: family.descriptor), factory: factory)
        }
        endpoints = meter(.endpoints)
        configGeneration = meter(.configGeneration)
        reloadFailures = CoreMetrics.Counter(
            label: MetricFamily.reloadFailures.name, dimensions: [],
            handler: registry.makeCounter(descriptor: MetricFamily.reloadFailures.descriptor),
            factory: factory)
        stalls = CoreMetrics.Counter(
            label: MetricFamily.stalls.name, dimensions: [],
            handler: registry.makeCounter(descriptor: MetricFamily.stalls.descriptor),
            factory: factory)
        sampleLag = CoreMetrics.Timer(
            label: MetricFamily.sampleLag.name, dimensions: [],
            handler: registry.makeDurationHistogram(
                descriptor: MetricFamily.sampleLag.descriptor, buckets: Self.sampleLagBuckets),
            factory: factory)
    }

    private init(disabledWith handler: NOOPMetricsHandler) {
        endpoints = Meter(label: "", dimensions: [], handler: handler, factory: handler)
        configGeneration = Meter(label: "", dimensions: [], handler: handler, factory: handler)
        reloadFailures = CoreMetrics.Counter(label: "", dimensions: [], handler: handler, factory: handler)
        stalls = CoreMetrics.Counter(label: "", dimensions: [], handler: handler, factory: handler)
        sampleLag = CoreMetrics.Timer(label: "", dimensions: [], handler: handler, factory: handler)
    }

    /// Records nothing.
    public static let disabled = DaemonMetrics(disabledWith: NOOPMetricsHandler.instance)
}
