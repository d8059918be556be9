import Foundation
import KeepaliveTestSupport

/// Where the built daemon and the test fixtures are, found from this file and the test binary.
enum TestPaths {
    /// The `keepalive-monitor` binary built next to the test bundle.
    static var daemon: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("keepalive-monitor").path
    }

    /// The `keepalivectl` binary built next to the test bundle.
    static var keepalivectl: String {
        URL(fileURLWithPath: daemon).deletingLastPathComponent().appendingPathComponent("keepalivectl").path
    }

    static var fixtures: URL { TestFixtures.directory(of: "KeepaliveIntegrationTests") }

    static var peerScript: String { fixtures.appendingPathComponent("peer.py").path }
    static var journalHarness: String { fixtures.appendingPathComponent("with-journald.sh").path }

    /// A fresh directory under /tmp, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        URL(fileURLWithPath: try TemporaryDirectory(prefix: "kam-test").path)
    }
}
