import Foundation
import KeepaliveTestSupport

/// This target's fixtures (the reference varlink client's scripts), in `Tests/KeepaliveControlTests/Fixtures/`.
enum Fixtures {
    static let directory = TestFixtures.directory(of: "KeepaliveControlTests")
}
