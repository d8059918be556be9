#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The protocol's one JSON configuration: sorted keys, so that the same value always has the same bytes (for
/// replies, `keepalivectl --json` and golden tests alike).
public enum ControlJSON {
    /// Encodes one of the protocol's types; those that carry peers write themselves (the same bytes, faster).
    public static func encode<Value: Encodable>(_ value: Value) -> [UInt8] {
        if let writable = value as? any JSONWritable {
            var json = JSONWriter(capacity: writable.jsonSizeEstimate)
            writable.write(to: &json)
            return json.bytes
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            // The protocol's types hold only strings, integers, booleans and arrays and optionals of them, which
            // always encode; a failure is a bug in a type's `encode(to:)`.
            preconditionFailure("JSONEncoder failed on \(Value.self): \(error)")
        }
    }

    /// Decodes `bytes`; the error says which field was wrong.
    public static func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}
