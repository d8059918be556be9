/// Finds the one table header that TOMLKit 0.6.0 must not be given: one whose name does not start with a bare key
/// character or a quote (`[,defaults]`, `[` at the end of a line). The toml++ parser inside TOMLKit asserts that
/// it cannot happen (`parse_key()`: `is_bare_key_character(*cp) || is_string_delimiter(*cp)`), so the daemon
/// aborted on such a typo (exit 134, and on a reload the running daemon with it) where any other mistake is
/// reported; found by the configuration fuzz target. Key-value pairs and inline tables are checked by the
/// parser itself before it gets there.
///
/// Headers only start statements, so the scan follows the text statement by statement, skipping strings
/// (multi-line ones too), comments and bracketed values; it need only be right up to the parser's first error,
/// where the parser stops.
enum TableHeaderCheck {
    /// Where the malformed header's name should start, or nil when every header is one the parser can take.
    static func firstMalformedHeader(in text: String) -> (position: TOMLSourceIndex.Position, found: String)? {
        var scanner = Scanner(Array(text.unicodeScalars))
        while let scalar = scanner.skipBlankLines() {
            if scalar == "[" {
                scanner.advance()
                if scanner.current == "[" { scanner.advance() }
                while scanner.current == " " || scanner.current == "\t" { scanner.advance() }
                if let start = scanner.current, !startsName(start) {
                    return (scanner.position, start == "\n" || start == "\r" ? "the end of the line" : "\"\(start)\"")
                }
            }
            scanner.skipStatement()
        }
        return nil
    }

    /// A bare key character (ASCII letters, digits, `-`, `_`), a quote, or the `]` of an empty name, which the
    /// parser reports itself.
    private static func startsName(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "-", "_", "\"", "'", "]": true
        default: false
        }
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0
        var position = TOMLSourceIndex.Position(line: 1, column: 1)

        init(_ scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        mutating func advance() {
            guard let scalar = current else { return }
            index += 1
            if scalar == "\n" {
                position = TOMLSourceIndex.Position(line: position.line + 1, column: 1)
            } else {
                position.column += 1
            }
        }

        /// Skips whitespace, empty lines and comment lines; the first scalar of the next statement, if any.
        mutating func skipBlankLines() -> Unicode.Scalar? {
            while let scalar = current {
                switch scalar {
                case " ", "\t", "\r", "\n": advance()
                case "#": skipComment()
                default: return scalar
                }
            }
            return nil
        }

        /// To the end of the statement's line: past strings, comments, and `[…]` / `{…}` spanning lines.
        mutating func skipStatement() {
            var depth = 0
            while let scalar = current {
                switch scalar {
                case "\n" where depth == 0: return
                case "#": skipComment()
                case "\"", "'": skipString(quote: scalar)
                case "[", "{":
                    depth += 1
                    advance()
                case "]", "}":
                    depth = max(0, depth - 1)
                    advance()
                default: advance()
                }
            }
        }

        private mutating func skipComment() {
            while let scalar = current, scalar != "\n" { advance() }
        }

        /// A basic or literal string, single-line or multi-line (`"""`, `'''`, closed by up to five quotes).
        private mutating func skipString(quote: Unicode.Scalar) {
            let multiLine = index + 2 < scalars.count && scalars[index + 1] == quote && scalars[index + 2] == quote
            for _ in 0..<(multiLine ? 3 : 1) { advance() }
            while let scalar = current {
                if scalar == "\\" && quote == "\"" {
                    advance()
                    advance()
                    continue
                }
                if scalar == "\n" && !multiLine { return }
                advance()
                guard scalar == quote else { continue }
                if !multiLine { return }
                var quotes = 1
                while current == quote && quotes < 5 {
                    advance()
                    quotes += 1
                }
                if quotes >= 3 { return }
            }
        }
    }
}
