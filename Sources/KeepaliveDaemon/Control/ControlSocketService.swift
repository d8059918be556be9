import ServiceLifecycle

/// Keeps the control socket open for the daemon's life and closes it (removing the file it created) on
/// shutdown, so nothing is left in `/run`.
public struct ControlSocketService: Service {
    let server: ControlServer

    public init(server: ControlServer) {
        self.server = server
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await server.close()
    }
}
