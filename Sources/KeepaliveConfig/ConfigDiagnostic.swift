import KeepaliveCore

/// One located problem in the configuration, phrased for the person who has to fix it.
public struct ConfigDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// The file path, or `--endpoint` / `--keepalive` for values given on the command line.
    public var source: String
    /// 1-based line; nil for command-line values and for problems with the file as a whole.
    public var line: Int?
    /// 1-based column, counted in Unicode scalars; nil whenever `line` is nil.
    public var column: Int?
    /// What is wrong and, where it helps, what was expected; never ends with a period.
    public var message: String

    /// Creates a diagnostic; pass no position for command-line values.
    public init(source: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COLUMN: message`, the form editors and `grep -n` users jump to; `SOURCE: message` without
    /// a position.
    public var description: String {
        switch (line, column) {
        case let (line?, column?): "\(source):\(line):\(column): \(message)"
        case let (line?, nil): "\(source):\(line): \(message)"
        default: "\(source): \(message)"
        }
    }
}

/// Every problem found in one configuration, so that an operator fixes them in one round instead of one per
/// restart.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    /// In file order, then command-line problems, then problems with the configuration as a whole.
    public var diagnostics: [ConfigDiagnostic]

    /// Wraps `diagnostics`, which should not be empty.
    public init(diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One diagnostic per line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
