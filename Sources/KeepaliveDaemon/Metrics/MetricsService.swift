import ServiceLifecycle

/// Keeps the metrics listener open for the daemon's life and closes it on shutdown.
public struct MetricsService: Service {
    let server: MetricsServer

    public init(server: MetricsServer) {
        self.server = server
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await server.close()
    }
}
