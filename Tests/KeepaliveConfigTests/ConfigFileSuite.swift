import KeepaliveConfig
import KeepaliveCore
import Testing

/// A suite that loads configuration texts as the file `fileName` (which its expected diagnostics name): the one
/// `load` and the one `problems` of the config tests.
protocol ConfigFileSuite {
    static var fileName: String { get }
}

extension ConfigFileSuite {
    static var fileName: String { "k.toml" }

    /// Loads `text` as `fileName`; nil is no file at all (the command line alone).
    func load(_ text: String?, overrides: CommandLineOverrides = .init()) throws(ConfigErrors) -> MonitorConfig {
        try ConfigLoader.load(text: text, path: text == nil ? nil : Self.fileName, overrides: overrides)
    }

    /// The diagnostics `text` produces, one `FILE:LINE:COLUMN: message` string each; an issue when it loads.
    func problems(
        _ text: String?,
        overrides: CommandLineOverrides = .init(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [String] {
        do {
            let config = try load(text, overrides: overrides)
            Issue.record("expected errors, loaded \(config)", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }
}
