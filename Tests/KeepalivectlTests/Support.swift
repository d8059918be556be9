import Foundation
import KeepaliveTestSupport

@testable import keepalivectl

/// This target's golden files, in `Tests/KeepalivectlTests/Fixtures/`.
enum Fixtures {
    static let directory = TestFixtures.directory(of: "KeepalivectlTests")

    static func text(_ name: String) throws -> String {
        try TestFixtures.text(name, of: "KeepalivectlTests")
    }
}

extension SamplePeers {
    /// The fixed moment, in UTC, as keepalivectl shows times.
    static let time = DisplayTime(nowUsec: nowUsec) { _ in 0 }
}
