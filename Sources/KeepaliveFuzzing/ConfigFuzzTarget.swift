import KeepaliveConfig
import KeepaliveCore

/// The configuration loader's fuzz target: the bytes of a configuration file in, a configuration or its
/// diagnostics out.
///
/// Invariants: a configuration that loads is within every documented range and survives the `--check-config`
/// round trip (`EffectiveConfigPrinter` renders TOML that loads back to the same endpoints and control settings);
/// a rejected one has at least one diagnostic, each positioned inside the text, in file order, none twice.
public enum ConfigFuzzTarget {
    /// What the loader made of the text.
    public enum Outcome: Hashable, Sendable {
        case config(MonitorConfig)
        case diagnostics([ConfigDiagnostic])
    }

    /// The file name the diagnostics carry.
    public static let path = "fuzz.toml"

    /// Loads `input` as the daemon loads a configuration file (its bytes decoded as UTF-8, invalid sequences
    /// replaced), with nothing from the command line.
    public static func run(_ input: [UInt8]) -> FuzzRun<Outcome> {
        let text = String(decoding: input, as: UTF8.self)
        var log = InvariantLog()
        do {
            let config = try ConfigLoader.load(text: text, path: path, overrides: CommandLineOverrides())
            checkLoaded(config, &log)
            return log.run(.config(config))
        } catch {
            checkRejected(error.diagnostics, text: text, &log)
            return log.run(.diagnostics(error.diagnostics))
        }
    }

    private static func checkLoaded(_ config: MonitorConfig, _ log: inout InvariantLog) {
        log.check(!config.endpoints.isEmpty, "a configuration without endpoints was accepted")
        log.check(
            Set(config.endpoints.map(\.name)).count == config.endpoints.count, "two endpoints share a name")
        for endpoint in config.endpoints {
            EndpointRanges.check(endpoint, &log)
        }
        let rendered = EffectiveConfigPrinter.render(config)
        do {
            let reloaded = try ConfigLoader.load(text: rendered, path: path, overrides: CommandLineOverrides())
            log.check(reloaded.endpoints == config.endpoints, "the rendered configuration loads other endpoints")
            log.check(reloaded.control == config.control, "the rendered configuration loads other control settings")
        } catch {
            log.check(false, "the rendered configuration does not load: \(error)\n\(rendered)")
        }
    }

    private static func checkRejected(_ diagnostics: [ConfigDiagnostic], text: String, _ log: inout InvariantLog) {
        log.check(!diagnostics.isEmpty, "rejected without a diagnostic")
        log.check(Set(diagnostics).count == diagnostics.count, "a diagnostic appears twice")
        // Lines as the loader counts them, by LF bytes: split on the Character "\n", a CRLF (one Character) hid a
        // line and the target blamed the loader for a correct line number (found by the 10-minute run).
        let lineCount = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        var previous = (line: 0, column: 0)
        for diagnostic in diagnostics {
            log.check(diagnostic.source == path, "a diagnostic names \(diagnostic.source), not the file")
            log.check(!diagnostic.message.isEmpty, "an empty diagnostic at \(diagnostic)")
            guard let line = diagnostic.line else { continue }
            let column = diagnostic.column ?? 1
            log.check(line >= 1 && line <= lineCount, "line \(line) is outside the text's \(lineCount) lines")
            log.check(column >= 1, "column \(column) of \(diagnostic)")
            log.check(
                (line, column) >= previous, "diagnostics out of file order: \(diagnostic) after \(previous)")
            previous = (line, column)
        }
    }
}
