/// One `NAME=value` field of a journal entry, with a name journald accepts.
///
/// journald silently drops a field whose name is not upper-case ASCII letters, digits and underscores, starts
/// with a digit or an underscore (those are its own trusted fields), or is longer than 64 bytes. So names are
/// converted here, once, rather than checked: `peer.address` → `PEER_ADDRESS`, `tcp-probes` → `TCP_PROBES`.
/// Values are arbitrary bytes to journald, newlines included.
public struct JournalField: Sendable, Hashable {
    /// The field name; always valid for journald (see `fieldName(for:)`).
    public private(set) var name: String
    /// The value, sent as is.
    public var value: String

    /// A field named after `name` converted by `fieldName(for:)`, so that an invalid name cannot be built.
    public init(_ name: String, _ value: String) {
        self.name = Self.fieldName(for: name)
        self.value = value
    }

    /// A field whose name is known to be canonical already (it came out of `fieldName(for:)`).
    init(canonicalName: String, value: String) {
        self.name = canonicalName
        self.value = value
    }

    /// The longest field name journald accepts.
    public static let maximumNameLength = 64

    /// Upper case, digits and underscores, starting with a letter, at most `maximumNameLength` bytes: what
    /// `fieldName(for:)` leaves unchanged.
    private static func isCanonical(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard let first = utf8.first, utf8.count <= maximumNameLength,
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first)
        else { return false }
        return utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
    }

    /// Converts a log metadata key or any other label into a valid journal field name: ASCII letters are
    /// upper-cased, digits and `_` kept, every other character (`.`, `-`, space, non-ASCII) becomes `_`; leading
    /// underscores are dropped, a leading digit gets a `FIELD_` prefix, an empty result becomes `FIELD`, and the
    /// result is cut to 64 bytes. Valid names come back unchanged.
    public static func fieldName(for key: String) -> String {
        // Most keys (every alert field) are valid names already: keep them as they are, without a copy.
        if Self.isCanonical(key) { return key }
        var bytes: [UInt8] = key.unicodeScalars.map { scalar in
            switch scalar {
            case "A"..."Z", "0"..."9", "_": UInt8(scalar.value)
            case "a"..."z": UInt8(scalar.value) - 0x20
            default: UInt8(ascii: "_")
            }
        }
        bytes.removeFirst(bytes.prefix { $0 == UInt8(ascii: "_") }.count)
        if bytes.isEmpty {
            return "FIELD"
        }
        if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[0]) {
            bytes.insert(contentsOf: Array("FIELD_".utf8), at: 0)
        }
        return String(decoding: bytes.prefix(Self.maximumNameLength), as: UTF8.self)
    }

    /// Whether journald would accept `name` as the name of a field sent by a client.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && Self.fieldName(for: name) == name
    }
}
