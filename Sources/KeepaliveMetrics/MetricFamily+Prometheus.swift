import Prometheus

extension MetricFamily {
    /// The family as swift-prometheus names it: the whole name (no namespace or unit parts to join) and the help.
    var descriptor: MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }
}
