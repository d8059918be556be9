import KeepaliveCore

/// Where each table header, key and value stands in a TOML text.
///
/// TOMLKit hands back tables and values without source positions, yet a message about a bad value is only
/// useful with the line it is on. This index scans the same text independently: table headers (`[x]`,
/// `[[x]]` with their array positions counted), `key = value` lines (bare, quoted and dotted keys), comments,
/// and enough of string and array syntax to skip multi-line values. It never judges syntax; TOMLKit does
/// that, and a text it rejects is never looked up here.
struct TOMLSourceIndex: Sendable {
    /// A 1-based line and column; columns count Unicode scalars.
    struct Position: Hashable, Sendable, Comparable {
        var line: Int
        var column: Int

        static func < (lhs: Position, rhs: Position) -> Bool {
            (lhs.line, lhs.column) < (rhs.line, rhs.column)
        }
    }

    /// A table as TOMLKit's data model sees it: the root, a named table, or one element of an array of
    /// tables. Sub-tables are named by their dotted path.
    struct TableRef: Hashable, Sendable {
        /// nil for the root table.
        var name: String?
        /// The element's place in an array of tables, counted from 0 in the order of the `[[name]]` headers.
        var index: Int?

        static let root = TableRef(name: nil, index: nil)

        static func table(_ name: String) -> TableRef { TableRef(name: name, index: nil) }

        static func element(_ name: String, _ index: Int) -> TableRef { TableRef(name: name, index: index) }
    }

    /// Where one key of a table was written, and where its value starts. A table header counts as the key
    /// of its table in the parent table and has no value position.
    struct KeyEntry: Hashable, Sendable {
        var key: Position
        var value: Position?
    }

    private var headers: [TableRef: Position] = [:]
    private var entries: [TableRef: [String: KeyEntry]] = [:]

    /// Indexes `text`; never fails, because text it cannot follow is reported by the TOML parser instead.
    init(text: String) {
        var builder = Builder(text: text)
        builder.scan()
        headers = builder.headers
        entries = builder.entries
    }

    /// The `[name]` or `[[name]]` header that opened `table`.
    func header(of table: TableRef) -> Position? {
        headers[table]
    }

    /// Where `key` was written in `table`; for a dotted key `a.b = 1` that is the key `a`.
    func key(_ key: String, in table: TableRef) -> Position? {
        entries[table]?[key]?.key
    }

    /// Where the value of `key` in `table` starts.
    func value(of key: String, in table: TableRef) -> Position? {
        entries[table]?[key]?.value
    }

    /// The best place to point at for a problem with `key` of `table` (or with the whole table when `key` is
    /// nil): the value, else the key, else the table's header, else where the table's name was written in the
    /// root (a dotted key or an inline table). nil when none of those is in the text.
    func location(of key: String?, in table: TableRef) -> Position? {
        if let key, let entry = entries[table]?[key] {
            return entry.value ?? entry.key
        }
        if let header = headers[table] {
            return header
        }
        guard let name = table.name else { return nil }
        let rootName = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
        return entries[.root]?[rootName]?.key
    }
}

extension TOMLSourceIndex {
    /// The scanner; kept apart so that the index itself is an immutable value.
    private struct Builder {
        let scalars: [Unicode.Scalar]
        var offset = 0
        var line = 1
        var column = 1
        var headers: [TableRef: Position] = [:]
        var entries: [TableRef: [String: KeyEntry]] = [:]
        /// How many `[[name]]` headers have been seen for each dotted name.
        var arrayCounts: [String: Int] = [:]
        var current = TableRef.root

        init(text: String) {
            scalars = Array(text.unicodeScalars)
        }

        var position: Position { Position(line: line, column: column) }

        func peek(_ ahead: Int = 0) -> Unicode.Scalar? {
            offset + ahead < scalars.count ? scalars[offset + ahead] : nil
        }

        func looking(at text: String) -> Bool {
            var ahead = 0
            for scalar in text.unicodeScalars {
                guard peek(ahead) == scalar else { return false }
                ahead += 1
            }
            return true
        }

        mutating func advance(_ count: Int = 1) {
            for _ in 0..<count where offset < scalars.count {
                if scalars[offset] == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                offset += 1
            }
        }

        mutating func skipBlanks() {
            while let scalar = peek(), scalar == " " || scalar == "\t" || scalar == "\r" { advance() }
        }

        /// Moves past the end of the current line, newline included.
        mutating func skipLine() {
            while let scalar = peek(), scalar != "\n" { advance() }
            advance()
        }

        mutating func scan() {
            while offset < scalars.count {
                skipBlanks()
                switch peek() {
                case "\n"?:
                    advance()
                case "#"?:
                    skipLine()
                case "["?:
                    scanHeader()
                    skipLine()
                case nil:
                    return
                default:
                    scanKeyValue()
                    skipLine()
                }
            }
        }

        mutating func scanHeader() {
            let start = position
            let isArray = peek(1) == "["
            advance(isArray ? 2 : 1)
            let path = readKeyPath()
            guard !path.isEmpty else { return }
            let name = path.joined(separator: ".")
            let table: TableRef
            if isArray {
                let index = arrayCounts[name, default: 0]
                arrayCounts[name] = index + 1
                table = .element(name, index)
            } else {
                table = .table(name)
            }
            if headers[table] == nil { headers[table] = start }
            if path.count == 1 {
                record(path[0], in: .root, key: start, value: nil)
            } else {
                record(path[1], in: parent(of: path[0]), key: start, value: nil)
            }
            current = table
        }

        /// A sub-table header `[a.b]` belongs to the latest element when `a` is an array of tables.
        func parent(of name: String) -> TableRef {
            arrayCounts[name].map { .element(name, $0 - 1) } ?? .table(name)
        }

        mutating func scanKeyValue() {
            let start = position
            let path = readKeyPath()
            guard let first = path.first else { return }
            skipBlanks()
            guard peek() == "=" else { return }
            advance()
            skipBlanks()
            // For a dotted key the value belongs to the last segment; the first names a table, best shown by its key.
            record(first, in: current, key: start, value: path.count == 1 ? position : nil)
            skipValue()
        }

        mutating func record(_ key: String, in table: TableRef, key keyPosition: Position, value: Position?) {
            if entries[table]?[key] == nil {
                entries[table, default: [:]][key] = KeyEntry(key: keyPosition, value: value)
            }
        }

        /// Reads `a`, `"a b"`, `'a'` or a dotted mix of them, stopping before `=`, `]` or anything else.
        mutating func readKeyPath() -> [String] {
            var path: [String] = []
            while true {
                skipBlanks()
                guard let segment = readKeySegment() else { break }
                path.append(segment)
                skipBlanks()
                guard peek() == "." else { break }
                advance()
            }
            return path
        }

        mutating func readKeySegment() -> String? {
            switch peek() {
            case "\""?: return readQuotedKey(quote: "\"", escapes: true)
            case "'"?: return readQuotedKey(quote: "'", escapes: false)
            default:
                var key = String.UnicodeScalarView()
                while let scalar = peek(), Self.isBareKeyScalar(scalar) {
                    key.append(scalar)
                    advance()
                }
                return key.isEmpty ? nil : String(key)
            }
        }

        /// Reads a quoted key; an unterminated one ends at the newline, which is left for the caller.
        mutating func readQuotedKey(quote: Unicode.Scalar, escapes: Bool) -> String {
            advance()
            var key = String.UnicodeScalarView()
            while let scalar = peek(), scalar != quote, scalar != "\n" {
                if escapes, scalar == "\\", let escaped = peek(1), escaped != "\n" {
                    key.append(unescaped(escaped))
                    advance(2)
                } else {
                    key.append(scalar)
                    advance()
                }
            }
            if peek() == quote { advance() }
            return String(key)
        }

        /// Only the escapes a key could plausibly hold; anything rarer keeps its letter, which at worst
        /// misses one lookup and falls back to the table's header.
        func unescaped(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
            switch scalar {
            case "t": "\t"
            case "n": "\n"
            case "r": "\r"
            default: scalar
            }
        }

        static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
            default: false
            }
        }

        /// Moves to the newline that ends the value, past any multi-line string or array, so that their
        /// contents are never mistaken for keys or headers.
        mutating func skipValue() {
            var depth = 0
            while let scalar = peek() {
                switch scalar {
                case "\"", "'":
                    let escapes = scalar == "\""
                    if looking(at: String(repeating: String(scalar), count: 3)) {
                        skipMultiLineString(quote: scalar, escapes: escapes)
                    } else {
                        skipString(quote: scalar, escapes: escapes)
                    }
                case "[", "{":
                    depth += 1
                    advance()
                case "]", "}":
                    depth = max(depth - 1, 0)
                    advance()
                case "#":
                    while let next = peek(), next != "\n" { advance() }
                case "\n":
                    if depth == 0 { return }
                    advance()
                default:
                    advance()
                }
            }
        }

        mutating func skipString(quote: Unicode.Scalar, escapes: Bool) {
            advance()
            while let scalar = peek(), scalar != "\n" {
                if escapes && scalar == "\\" {
                    advance(2)
                } else {
                    advance()
                    if scalar == quote { return }
                }
            }
        }

        mutating func skipMultiLineString(quote: Unicode.Scalar, escapes: Bool) {
            let delimiter = String(repeating: String(quote), count: 3)
            advance(3)
            while let scalar = peek() {
                if escapes && scalar == "\\" {
                    advance(2)
                } else if looking(at: delimiter) {
                    advance(3)
                    // Up to two quotes may directly precede the closing delimiter (`""""` ends with a quote).
                    for _ in 0..<2 where peek() == quote { advance() }
                    return
                } else {
                    advance()
                }
            }
        }
    }
}
