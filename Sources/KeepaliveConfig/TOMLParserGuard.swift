/// Finds text that the toml++ parser inside TOMLKit 0.6.0 must not be given. It asserts (`TOML_ASSERT_ASSUME`,
/// compiled in, since SwiftPM builds it without `NDEBUG`) on conditions a typo can break, so the daemon aborted
/// with status 134 — and on a reload the running daemon with it — where any other mistake is reported. All were
/// found by the configuration fuzz target:
///
/// - a table header whose name does not start with a bare key character or a quote (`[,defaults]`, `[` at the
///   end of a line): `parse_key()` asserts `is_bare_key_character(*cp) || is_string_delimiter(*cp)`;
/// - a date followed by `T` and no time (`1979-05-27T:07`): `parse_time()` asserts `is_decimal_digit(*cp)`;
///   something date-like followed by a space and one lone digit (`1979-05-27 0,`): the value scan asserts
///   `!is_value_terminator`;
/// - a `}` inside an array (`[1, }`): `parse_value()` asserts `!is_value_terminator(*cp)`.
///
/// The parser counts a byte-order mark and other non-ASCII spaces as whitespace, so `\u{FEFF}[` starts a header
/// just as `[` does (a CI fuzz run found that one); the scan skips the same whitespace the parser does.
///
/// Headers only start statements, so the scan follows the text statement by statement, skipping strings
/// (multi-line ones too) and comments; it need only be right up to the parser's first error, where the parser
/// stops. A date-like bare key (`1979-05-27Tx = 1`) is refused too: no key of the schema looks like one.
enum TOMLParserGuard {
    /// The first place the parser must not see, with the message for it; nil when there is none.
    static func firstProblem(in text: String) -> (position: TOMLSourceIndex.Position, message: String)? {
        var scanner = Scanner(Array(text.unicodeScalars))
        while let scalar = scanner.skipBlankLines() {
            if scalar == "[" {
                scanner.advance()
                if scanner.current == "[" { scanner.advance() }
                while let scalar = scanner.current, isHorizontalWhitespace(scalar) { scanner.advance() }
                if let start = scanner.current, !startsName(start) {
                    let found = start == "\n" || start == "\r" ? "the end of the line" : "\"\(start)\""
                    return (scanner.position, "expected a table name (a bare or quoted key) after \"[\", found \(found)")
                }
            }
            if let problem = scanner.skipStatement() { return problem }
        }
        return nil
    }

    /// A bare key character (ASCII letters, digits, `-`, `_`), a quote, or the `]` of an empty name, which the
    /// parser reports itself.
    fileprivate static func startsName(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "-", "_", "\"", "'", "]": true
        default: false
        }
    }

    /// toml++'s horizontal whitespace (`is_horizontal_whitespace`): space and tab, and the non-ASCII spaces,
    /// the byte-order mark U+FEFF among them.
    fileprivate static func isHorizontalWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x180E, 0x2000...0x200B, 0x202F, 0x205F...0x2060, 0x3000, 0xFEFF: true
        default: false
        }
    }

    /// toml++'s `is_value_terminator`: whitespace (any, newlines too), `]`, `}`, `,`, `#`.
    fileprivate static func isValueTerminator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}", "]", "}", ",", "#": true
        default: isHorizontalWhitespace(scalar)
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
                case "\r", "\n": advance()
                case "#": skipComment()
                case _ where TOMLParserGuard.isHorizontalWhitespace(scalar): advance()
                default: return scalar
                }
            }
            return nil
        }

        /// To the end of the statement's line: past strings, comments, and `[…]` / `{…}` spanning lines. Stops
        /// early at a date-time without its time.
        mutating func skipStatement() -> (position: TOMLSourceIndex.Position, message: String)? {
            // The brackets still open, innermost last: a `}` where an array's value or `]` is due (`[}`,
            // `[1,\n}`) makes `parse_value()` assert `!is_value_terminator(*cp)`.
            var open: [Unicode.Scalar] = []
            var afterKeyCharacter = false
            var valueMayStart = true
            while let scalar = current {
                if !afterKeyCharacter, let problem = dateWithoutTime() { return problem }
                if valueMayStart, let problem = spaceAndLoneDigitAfterDateLike() { return problem }
                valueMayStart = TOMLParserGuard.isValueTerminator(scalar) || "=[{".unicodeScalars.contains(scalar)
                afterKeyCharacter = TOMLParserGuard.startsName(scalar) && scalar != "]"
                switch scalar {
                case "\n" where open.isEmpty: return nil
                case "#": skipComment()
                case "\"", "'": skipString(quote: scalar)
                case "[", "{":
                    open.append(scalar)
                    advance()
                case "}" where open.last == "[":
                    return (position, "expected a value or \"]\" in an array, found \"}\"")
                case "]", "}":
                    _ = open.popLast()
                    advance()
                default: advance()
                }
            }
            return nil
        }

        /// At the current scalar, `YYYY-MM-DD` then `T` (or `t`) and no digit.
        private mutating func dateWithoutTime() -> (position: TOMLSourceIndex.Position, message: String)? {
            let pattern = Array("dddd-dd-ddT".unicodeScalars)
            guard index + pattern.count < scalars.count, matches(pattern) else { return nil }
            guard !("0"..."9").contains(scalars[index + pattern.count]) else { return nil }
            var position = self.position
            position.column += pattern.count
            return (position, "expected a time (HH:MM:SS) after \"\(scalars[index + 10])\" in a date-time")
        }

        /// At the start of a value: ten characters (underscores not counted, as toml++ skips them) with `-` as
        /// the fifth and eighth, the first a digit, then a space, one digit and a value terminator — what toml++
        /// takes for a date-time with a space and scans on from, asserting `!is_value_terminator(*cp)` (`1979-05-27 0,`,
        /// but also `8084-10-2< 8`: its test of "looks like a date" lets through characters that set no trait). No
        /// valid TOML looks like this.
        private func spaceAndLoneDigitAfterDateLike() -> (position: TOMLSourceIndex.Position, message: String)? {
            var characters: [Unicode.Scalar] = []
            var offset = index
            while offset < scalars.count, !TOMLParserGuard.isValueTerminator(scalars[offset]), characters.count <= 10 {
                if scalars[offset] != "_" { characters.append(scalars[offset]) }
                offset += 1
            }
            guard characters.count == 10, ("0"..."9").contains(characters[0]), characters[4] == "-",
                characters[7] == "-", offset + 2 < scalars.count, scalars[offset] == " ",
                ("0"..."9").contains(scalars[offset + 1]), TOMLParserGuard.isValueTerminator(scalars[offset + 2])
            else { return nil }
            var position = self.position
            position.column += offset + 1 - index
            return (position, "expected a time (HH:MM:SS) after the space in a date-time")
        }

        /// Whether the text at the current scalar matches `pattern`: `d` a digit, `T` either case, else itself.
        private func matches(_ pattern: [Unicode.Scalar]) -> Bool {
            for (offset, expected) in pattern.enumerated() {
                let scalar = scalars[index + offset]
                let matches: Bool
                switch expected {
                case "d": matches = ("0"..."9").contains(scalar)
                case "T": matches = scalar == "T" || scalar == "t"
                default: matches = scalar == expected
                }
                guard matches else { return false }
            }
            return true
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
