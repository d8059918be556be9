import Logging

/// The stderr log format, as pure functions, so that the handler and the tests that read the daemon's stderr
/// agree on it:
///
/// ```
/// 2026-11-21T20:30:01.123Z err     Peer is down PEER=db PEER_STATE=down TCP_PROBES=3
/// ```
///
/// UTC time with milliseconds, the syslog keyword padded to 7, the message, then the fields sorted by name as
/// `NAME=value`. A value is quoted, with `\\`, `\"`, `\n`, `\r`, `\t` and `\xHH` escapes, when it is empty or holds
/// a space, a control character, `"` or `=`. The message is written bare unless that would be ambiguous (empty,
/// holding `=`, `"`, control characters, or runs of spaces), in which case it is quoted the same way, so `parse`
/// always finds where the message ends and the fields begin. Every line is one line: no raw newline survives.
public struct StderrLogLine: Sendable, Hashable {
    /// The timestamp as written (`2026-11-21T20:30:01.123Z`).
    public var timestamp: String
    /// The syslog keyword as written (`err`).
    public var keyword: String
    /// The message, unescaped.
    public var message: String
    /// The fields by name, values unescaped; for a repeated name the last one wins.
    public var fields: [String: String]

    /// Renders one entry as a line ending in `\n`. Fields are sorted by name (stably: equal names keep their order).
    public static func render(
        timestamp: RealtimeTimestamp,
        level: Logger.Level,
        message: String,
        fields: [JournalField]
    ) -> String {
        let keyword = SyslogPriority(level).keyword
        var line = timestamp.iso8601 + " " + keyword
        line += String(repeating: " ", count: max(0, SyslogPriority.keywordWidth - keyword.count)) + " "
        line += Self.messageNeedsQuoting(message) ? Self.quoted(message) : message
        // Fields from metadata arrive sorted already (`JournalField.fields(flattening:)`): then no second sort.
        let inOrder = zip(fields, fields.dropFirst()).allSatisfy { $0.name <= $1.name }
        let sorted = inOrder
            ? fields
            : fields.enumerated().sorted { ($0.element.name, $0.offset) < ($1.element.name, $1.offset) }.map(\.element)
        for field in sorted {
            let value = Self.valueNeedsQuoting(field.value) ? Self.quoted(field.value) : field.value
            line += " " + field.name + "=" + value
        }
        return line + "\n"
    }

    /// Parses a line written by `render` (a trailing newline is allowed); nil when `line` is not one.
    public static func parse(_ line: String) -> StderrLogLine? {
        var scanner = Scanner(Array(line.utf8))
        if scanner.peek == UInt8(ascii: "\n") || scanner.isAtEnd {
            return nil
        }
        let timestamp = scanner.readBareToken()
        guard timestamp.hasSuffix("Z"), scanner.skipSpaces() == 1 else {
            return nil
        }
        let keyword = scanner.readBareToken()
        guard Self.knownKeywords.contains(keyword), scanner.skipSpaces() >= 1 else {
            return nil
        }
        let message: String
        if scanner.peek == UInt8(ascii: "\"") {
            guard let quoted = scanner.readQuoted() else {
                return nil
            }
            message = quoted
        } else {
            var words: [String] = []
            while !scanner.isAtEnd, !scanner.nextTokenIsField {
                words.append(scanner.readBareToken())
                scanner.skipSpaces()
            }
            message = words.joined(separator: " ")
        }
        var fields: [String: String] = [:]
        while true {
            scanner.skipSpaces()
            if scanner.isAtEnd {
                break
            }
            guard let name = scanner.readFieldName(), JournalField.isValidName(name) else {
                return nil
            }
            let value: String
            if scanner.peek == UInt8(ascii: "\"") {
                guard let quoted = scanner.readQuoted() else {
                    return nil
                }
                value = quoted
            } else {
                value = scanner.readBareToken()
            }
            fields[name] = value
        }
        return StderrLogLine(timestamp: timestamp, keyword: keyword, message: message, fields: fields)
    }

    /// The `NAME=value` fields of a rendered line (the message excluded); empty when `line` is not one.
    public static func parseFields(_ line: String) -> [String: String] {
        Self.parse(line)?.fields ?? [:]
    }

    private static let knownKeywords: Set<String> = Set(Logger.Level.allCases.map { SyslogPriority($0).keyword })

    private static func valueNeedsQuoting(_ value: String) -> Bool {
        value.isEmpty || value.utf8.contains { $0 == 0x20 || Self.isAmbiguous($0) }
    }

    private static func messageNeedsQuoting(_ message: String) -> Bool {
        let bytes = Array(message.utf8)
        guard let first = bytes.first, let last = bytes.last, first != 0x20, last != 0x20 else {
            return true
        }
        var previous: UInt8 = 0
        for byte in bytes {
            if Self.isAmbiguous(byte) || (byte == 0x20 && previous == 0x20) {
                return true
            }
            previous = byte
        }
        return false
    }

    /// Control characters would break the line; `"` and `=` would confuse the parser.
    private static func isAmbiguous(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "=")
    }

    private static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): bytes += Array(#"\\"#.utf8)
            case UInt8(ascii: "\""): bytes += Array(#"\""#.utf8)
            case UInt8(ascii: "\n"): bytes += Array(#"\n"#.utf8)
            case UInt8(ascii: "\r"): bytes += Array(#"\r"#.utf8)
            case UInt8(ascii: "\t"): bytes += Array(#"\t"#.utf8)
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "x"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A cursor over the bytes of one line, for `StderrLogLine.parse`.
private struct Scanner {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        // A trailing newline ends the line; it is not part of the last token.
        self.bytes = bytes.last == UInt8(ascii: "\n") ? Array(bytes.dropLast()) : bytes
    }

    var isAtEnd: Bool { self.position >= self.bytes.count }

    var peek: UInt8? { self.isAtEnd ? nil : self.bytes[self.position] }

    /// Whether the token under the cursor has the `NAME=` shape that starts the fields.
    var nextTokenIsField: Bool {
        var index = self.position
        while index < self.bytes.count, self.bytes[index] != 0x20 {
            if self.bytes[index] == UInt8(ascii: "=") {
                return index > self.position
            }
            index += 1
        }
        return false
    }

    @discardableResult
    mutating func skipSpaces() -> Int {
        let start = self.position
        while self.peek == 0x20 {
            self.position += 1
        }
        return self.position - start
    }

    mutating func readBareToken() -> String {
        let start = self.position
        while let byte = self.peek, byte != 0x20 {
            self.position += 1
        }
        return String(decoding: self.bytes[start..<self.position], as: UTF8.self)
    }

    /// Reads `NAME=` and returns `NAME`, leaving the cursor on the value; nil when there is no `=` before a space.
    mutating func readFieldName() -> String? {
        let start = self.position
        while let byte = self.peek, byte != 0x20 {
            if byte == UInt8(ascii: "=") {
                let name = String(decoding: self.bytes[start..<self.position], as: UTF8.self)
                self.position += 1
                return name
            }
            self.position += 1
        }
        return nil
    }

    /// Reads a `"…"` string, undoing the escapes; nil when it is unterminated or has an unknown escape.
    mutating func readQuoted() -> String? {
        guard self.peek == UInt8(ascii: "\"") else {
            return nil
        }
        self.position += 1
        var result: [UInt8] = []
        while let byte = self.peek {
            self.position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: result, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = self.peek else {
                    return nil
                }
                self.position += 1
                switch escaped {
                case UInt8(ascii: "\\"), UInt8(ascii: "\""): result.append(escaped)
                case UInt8(ascii: "n"): result.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "r"): result.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "t"): result.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "x"):
                    guard self.position + 2 <= self.bytes.count,
                        let value = UInt8(
                            String(decoding: self.bytes[self.position..<self.position + 2], as: UTF8.self),
                            radix: 16
                        )
                    else {
                        return nil
                    }
                    self.position += 2
                    result.append(value)
                default:
                    return nil
                }
            default:
                result.append(byte)
            }
        }
        return nil
    }
}
