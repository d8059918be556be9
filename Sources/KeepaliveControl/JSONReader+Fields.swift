// One object field at a time: each hand-written reader lists its keys, and the rules every field follows (read a
// key once, `null` for a nullable field, a known word for an enum, a missing required key named in the error)
// live here, once.

extension Int: JSONReadable {
    init(from json: inout JSONReader) throws(JSONReadError) { self = try json.readInt() }
}

extension Int64: JSONReadable {
    init(from json: inout JSONReader) throws(JSONReadError) { self = try json.readInt64() }
}

extension String: JSONReadable {
    init(from json: inout JSONReader) throws(JSONReadError) { self = try json.readString() }
}

extension Bool: JSONReadable {
    init(from json: inout JSONReader) throws(JSONReadError) { self = try json.readBool() }
}

/// An interface enum written as one of its words (`"up"`, `"half-open"`): an unknown word is an error, as it is
/// for its `Decodable` conformance.
protocol JSONWord: RawRepresentable<String> {
    /// What the word is, for the error: "state", "reason".
    static var wordName: String { get }
}

extension JSONReader {
    /// Reads the current field's value into `field`; a key the object already had is refused.
    mutating func read<Value: JSONReadable>(into field: inout Value?) throws(JSONReadError) {
        try refuseRepeated(field)
        field = try Value(from: &self)
    }

    /// Reads a field that may be `null`: `.some(nil)` records that the key was there.
    mutating func read<Value: JSONReadable>(into field: inout Value??) throws(JSONReadError) {
        try refuseRepeated(field)
        field = try .some(readNull() ? nil : Value(from: &self))
    }

    mutating func read<Word: JSONWord>(into field: inout Word?) throws(JSONReadError) {
        try refuseRepeated(field)
        field = try readWord(Word.self)
    }

    mutating func read<Word: JSONWord>(into field: inout Word??) throws(JSONReadError) {
        try refuseRepeated(field)
        field = try .some(readNull() ? nil : readWord(Word.self))
    }

    /// `value`, or an error naming the field that the object lacked.
    func required<Value>(_ value: Value?, _ key: StaticString, of type: String) throws(JSONReadError) -> Value {
        guard let value else { throw failure("\(type) has no field \"\(key)\"") }
        return value
    }

    private mutating func readWord<Word: JSONWord>(_ type: Word.Type) throws(JSONReadError) -> Word {
        let word = try readString()
        guard let known = Word(rawValue: word) else { throw failure("unknown \(Word.wordName) \"\(word)\"") }
        return known
    }
}

extension Array: JSONReadable where Element: JSONReadable {
    init(from json: inout JSONReader) throws(JSONReadError) { self = try json.readArray(of: Element.self) }
}
