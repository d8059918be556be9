import KeepaliveCore

/// The configuration text being read: its name for messages, and where everything stands in it.
struct ConfigSourceFile: Sendable {
    /// The path as given, or a placeholder when the text came from elsewhere.
    var name: String
    var index: TOMLSourceIndex

    /// A diagnostic pointing at the value of `key` in `table`, or at the closest thing the index knows;
    /// `1:1` when the text holds nothing better, so that every file diagnostic has a position.
    func diagnostic(_ message: String, at key: String?, in table: TOMLSourceIndex.TableRef) -> ConfigDiagnostic {
        diagnostic(message, position: index.location(of: key, in: table))
    }

    /// A diagnostic pointing at `key` itself rather than its value: for keys that should not be there.
    func diagnostic(_ message: String, atKey key: String, in table: TOMLSourceIndex.TableRef) -> ConfigDiagnostic {
        diagnostic(message, position: index.key(key, in: table) ?? index.location(of: nil, in: table))
    }

    private func diagnostic(_ message: String, position: TOMLSourceIndex.Position?) -> ConfigDiagnostic {
        let position = position ?? TOMLSourceIndex.Position(line: 1, column: 1)
        return ConfigDiagnostic(source: name, line: position.line, column: position.column, message: message)
    }
}
