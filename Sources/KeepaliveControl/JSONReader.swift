/// A protocol type that reads itself straight from JSON bytes, by the rules of its `Decodable` conformance (fields
/// in any order, unknown fields skipped, an absent optional as nil), without `JSONDecoder`'s map of the whole
/// document and its keyed containers: `ListPeers` with 10 000 peers took keepalivectl 200 ms through `JSONDecoder`.
/// Stricter in one way: a skipped field must be valid JSON too (`VarlinkMessage` then asks `JSONDecoder`).
protocol JSONReadable {
    init(from json: inout JSONReader) throws(JSONReadError)

    /// No value of this type is shorter in JSON, so that an array of them can be allocated at once.
    static var minimumJSONSize: Int { get }
}

extension JSONReadable {
    static var minimumJSONSize: Int { 2 }
}

/// What is wrong with a JSON document, and where.
struct JSONReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The byte offset in the document.
    var offset: Int
    var message: String

    var description: String { "\(message) (at byte \(offset))" }
}

/// A key of the object being read, as its unescaped UTF-8; matched against the interface's field names with
/// `case "name":`. Valid only inside the callback it was passed to.
struct JSONKey {
    fileprivate var utf8: JSONReader.StringBytes

    static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        pattern.withUTF8Buffer { pattern in
            key.utf8.withBuffer { key in
                // Most candidates differ in length; the rest are compared byte by byte (`elementsEqual` costs a
                // tenth of a keepalivectl status with thousands of peers).
                guard pattern.count == key.count else { return false }
                for index in 0..<key.count where pattern[index] != key[index] {
                    return false
                }
                return true
            }
        }
    }
}

/// Reads one JSON document (RFC 8259) front to back. Objects and arrays are read with callbacks that must read
/// each value (or `skipValue()` it); every read checks the syntax of what it consumes.
///
/// It reads the document's memory directly (no copies, no reference counting per string), so it exists only
/// inside `read(_:_:)` and must not be kept beyond it.
struct JSONReader {
    /// Deeper nesting than this in a skipped value is refused rather than recursed into.
    static let maximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    /// Runs `body` with a reader of `document`, then checks that nothing but whitespace follows what it read.
    static func read<Value>(
        _ document: [UInt8],
        _ body: (inout JSONReader) throws(JSONReadError) -> Value
    ) throws(JSONReadError) -> Value {
        let result: Result<Value, JSONReadError> = document.withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            do throws(JSONReadError) {
                let value = try body(&reader)
                try reader.finish()
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// A string's UTF-8 without its escapes: the document's own bytes when it had none.
    enum StringBytes {
        case document(UnsafeBufferPointer<UInt8>)
        case unescaped([UInt8])

        func withBuffer<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
            switch self {
            case .document(let buffer): body(buffer)
            case .unescaped(let bytes): bytes.withUnsafeBufferPointer(body)
            }
        }
    }

    /// Throws unless only whitespace is left.
    private mutating func finish() throws(JSONReadError) {
        skipWhitespace()
        if index < bytes.endIndex { throw failure("unexpected data after the JSON value") }
    }

    /// Reads an object, calling `field` with each key; `field` must read the key's value.
    mutating func readObject(_ field: (inout JSONReader, JSONKey) throws(JSONReadError) -> Void)
        throws(JSONReadError)
    {
        try expect(UInt8(ascii: "{"), "an object")
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            guard try peek() == UInt8(ascii: "\"") else { throw failure("expected a key in quotes") }
            let key = JSONKey(utf8: try readStringBytes())
            try expect(UInt8(ascii: ":"), "':' after a key")
            try field(&self, key)
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return
            default: throw failure("expected ',' or '}' in an object")
            }
        }
    }

    /// Reads an array, calling `element` for each element; `element` must read it.
    mutating func readArray(_ element: (inout JSONReader) throws(JSONReadError) -> Void) throws(JSONReadError) {
        try expect(UInt8(ascii: "["), "an array")
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try element(&self)
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return
            default: throw failure("expected ',' or ']' in an array")
            }
        }
    }

    /// An array of values that read themselves.
    mutating func readArray<Element: JSONReadable>(of type: Element.Type) throws(JSONReadError) -> [Element] {
        var elements: [Element] = []
        // At most this many fit in the rest of the document; capacity that is never filled is never touched.
        elements.reserveCapacity((bytes.endIndex - index) / Element.minimumJSONSize)
        try readArray { (json: inout JSONReader) throws(JSONReadError) in
            elements.append(try Element(from: &json))
        }
        return elements
    }

    /// Consumes `null` and says so; leaves anything else unread.
    mutating func readNull() throws(JSONReadError) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try expectWord("null")
        return true
    }

    mutating func readBool() throws(JSONReadError) -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"):
            try expectWord("true")
            return true
        case UInt8(ascii: "f"):
            try expectWord("false")
            return false
        default:
            throw failure("expected true or false")
        }
    }

    /// An integer; a number with a fraction or exponent, or one out of range, is an error.
    mutating func readInt64() throws(JSONReadError) -> Int64 {
        skipWhitespace()
        let start = index
        let negative = index < bytes.endIndex && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.endIndex, Self.isDigit(bytes[index]) else {
            index = start
            throw failure("expected an integer")
        }
        if bytes[index] == UInt8(ascii: "0"), index + 1 < bytes.endIndex, Self.isDigit(bytes[index + 1]) {
            throw failure("a number must not start with 0")
        }
        // Accumulated negatively: Int64.min has no positive counterpart.
        var value: Int64 = 0
        while index < bytes.endIndex, Self.isDigit(bytes[index]) {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, underflow) = shifted.subtractingReportingOverflow(Int64(bytes[index] &- UInt8(ascii: "0")))
            guard !overflow, !underflow else {
                index = start
                throw failure("integer out of range")
            }
            value = next
            index += 1
        }
        if index < bytes.endIndex,
            bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")
        {
            index = start
            throw failure("expected an integer, found a fraction or exponent")
        }
        if negative { return value }
        guard value != .min else {
            index = start
            throw failure("integer out of range")
        }
        return -value
    }

    mutating func readInt() throws(JSONReadError) -> Int {
        let start = index
        let value = try readInt64()
        guard let int = Int(exactly: value) else {
            index = start
            throw failure("integer out of range")
        }
        return int
    }

    mutating func readString() throws(JSONReadError) -> String {
        guard try peek() == UInt8(ascii: "\"") else { throw failure("expected a string") }
        // Validated as it was read.
        return try readStringBytes().withBuffer { String(decoding: $0, as: UTF8.self) }
    }

    /// Reads and discards one value of any kind, checking its syntax.
    mutating func skipValue() throws(JSONReadError) {
        switch try peek() {
        case UInt8(ascii: "{"):
            try nested { (json: inout JSONReader) throws(JSONReadError) in
                try json.readObject { (json: inout JSONReader, _) throws(JSONReadError) in try json.skipValue() }
            }
        case UInt8(ascii: "["):
            try nested { (json: inout JSONReader) throws(JSONReadError) in
                try json.readArray { (json: inout JSONReader) throws(JSONReadError) in try json.skipValue() }
            }
        case UInt8(ascii: "\""): _ = try readStringBytes()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool()
        case UInt8(ascii: "n"): _ = try readNull()
        default: try skipNumber()
        }
    }

    /// Throws if an object's field was read already. `JSONDecoder` keeps a repeated key's first value; this
    /// reader would keep the last and read the same bytes differently (the fuzz target found one), so it refuses
    /// and the document goes to `JSONDecoder`. A field that may be null is held as a double optional.
    func refuseRepeated<Value>(_ field: Value?) throws(JSONReadError) {
        if field != nil { throw failure("a key appears twice in one object") }
    }

    /// An error at the current position.
    func failure(_ message: String) -> JSONReadError {
        JSONReadError(offset: index, message: message)
    }

    private mutating func nested(_ body: (inout JSONReader) throws(JSONReadError) -> Void) throws(JSONReadError) {
        guard depth < Self.maximumDepth else { throw failure("nested deeper than \(Self.maximumDepth) levels") }
        depth += 1
        defer { depth -= 1 }
        try body(&self)
    }

    /// The next byte after whitespace, not consumed.
    private mutating func peek() throws(JSONReadError) -> UInt8 {
        skipWhitespace()
        guard index < bytes.endIndex else { throw failure("unexpected end of the JSON text") }
        return bytes[index]
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONReadError) {
        guard try peek() == byte else { throw failure("expected \(what)") }
        index += 1
    }

    private mutating func expectWord(_ word: StaticString) throws(JSONReadError) {
        let matches = word.withUTF8Buffer { word in
            bytes.count - index >= word.count && bytes[index..<index + word.count].elementsEqual(word)
        }
        guard matches else { throw failure("expected \(word)") }
        index += word.utf8CodeUnitCount
    }

    private mutating func skipWhitespace() {
        while index < bytes.endIndex {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func skipNumber() throws(JSONReadError) {
        let start = index
        if index < bytes.endIndex && bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerDigits = skipDigits()
        guard integerDigits > 0 else {
            index = start
            throw failure("expected a value")
        }
        if integerDigits > 1 && bytes[index - integerDigits] == UInt8(ascii: "0") {
            throw failure("a number must not start with 0")
        }
        if index < bytes.endIndex && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw failure("expected digits after '.'") }
        }
        if index < bytes.endIndex && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.endIndex && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                index += 1
            }
            guard skipDigits() > 0 else { throw failure("expected digits in an exponent") }
        }
    }

    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.endIndex && Self.isDigit(bytes[index]) { index += 1 }
        return index - start
    }

    /// The string at `index` (its opening quote), unescaped, as valid UTF-8: keys and skipped strings too, since
    /// JSON text is UTF-8 and a document with a broken sequence anywhere is not JSON (`JSONDecoder` refuses it
    /// whole). Without escapes (every string the daemon writes but a strange name) it is a slice of the document,
    /// not a copy.
    private mutating func readStringBytes() throws(JSONReadError) -> StringBytes {
        let quote = index
        index += 1
        let start = index
        // ASCII (every string the daemon writes but a strange name) needs no validation.
        var ascii = true
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                let string = UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
                if !ascii { try validateUTF8(string, from: quote) }
                return .document(string)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("a control character must be escaped in a string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        var unescaped = Array(bytes[start..<index])
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                try unescaped.withUnsafeBufferPointer { (string) throws(JSONReadError) in
                    try validateUTF8(string, from: quote)
                }
                return .unescaped(unescaped)
            case UInt8(ascii: "\\"):
                index += 1
                try readEscape(into: &unescaped)
            case ..<0x20:
                throw failure("a control character must be escaped in a string")
            default:
                unescaped.append(byte)
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    /// Throws, pointing at the string's opening quote, unless `string` is valid UTF-8.
    private mutating func validateUTF8(
        _ string: UnsafeBufferPointer<UInt8>,
        from quote: Int
    ) throws(JSONReadError) {
        guard String(validating: string, as: UTF8.self) == nil else { return }
        index = quote
        throw failure("a string is not valid UTF-8")
    }

    /// The escape after a backslash, appended as UTF-8.
    private mutating func readEscape(into unescaped: inout [UInt8]) throws(JSONReadError) {
        guard index < bytes.endIndex else { throw failure("unterminated string") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): unescaped.append(byte)
        case UInt8(ascii: "b"): unescaped.append(0x08)
        case UInt8(ascii: "f"): unescaped.append(0x0C)
        case UInt8(ascii: "n"): unescaped.append(0x0A)
        case UInt8(ascii: "r"): unescaped.append(0x0D)
        case UInt8(ascii: "t"): unescaped.append(0x09)
        case UInt8(ascii: "u"):
            var value = try readHex4()
            if (0xD800..<0xDC00).contains(value) {
                // A high surrogate must be followed by an escaped low one.
                let unpaired = failure("a high surrogate without its low surrogate")
                guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u")
                else { throw unpaired }
                index += 2
                let low = try readHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw unpaired }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(value) else { throw failure("a lone low surrogate") }
            unescaped.append(contentsOf: UTF8.encode(scalar)!)
        default:
            throw failure("unknown escape in a string")
        }
    }

    private mutating func readHex4() throws(JSONReadError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw failure("expected four hex digits after \\u") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("expected four hex digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
