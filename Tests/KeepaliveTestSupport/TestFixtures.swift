import Foundation

/// The one way to find a test target's fixtures: `Tests/TARGET/Fixtures/`, found from this file's own path, so
/// that it works from any working directory.
public enum TestFixtures {
    /// `Tests/` of the repository.
    public static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The repository's root.
    public static let repository = testsDirectory.deletingLastPathComponent()

    /// `Tests/TARGET/Fixtures`.
    public static func directory(of target: String) -> URL {
        testsDirectory.appendingPathComponent(target).appendingPathComponent("Fixtures")
    }

    /// The text of `Tests/TARGET/Fixtures/NAME`.
    public static func text(_ name: String, of target: String) throws -> String {
        try String(contentsOf: directory(of: target).appendingPathComponent(name), encoding: .utf8)
    }
}
