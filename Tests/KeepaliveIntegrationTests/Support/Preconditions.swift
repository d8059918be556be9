import Foundation
import KeepaliveTestSupport

/// The integration tests need root and real tools. CI is root: a missing piece is a failure, never a skip.
enum Preconditions {
    static func requireRootAndTools() throws {
        guard geteuid() == 0 else {
            throw TestFailure("integration tests need root (network namespaces, nft, a private journald)")
        }
        for tool in ["ip", "nft", "ss", "python3", "unshare", "nsenter", "journalctl"] {
            let found = try Shell.run(["sh", "-c", "command -v \(tool)"], allowFailure: true)
            guard !found.isEmpty else { throw TestFailure("\(tool) is not installed; .ci/run installs it") }
        }
        guard FileManager.default.isExecutableFile(atPath: TestPaths.daemon) else {
            throw TestFailure("daemon binary not found at \(TestPaths.daemon)")
        }
    }
}
