import Logging

extension JournalField {
    /// The fields for `metadata`, sorted by name.
    ///
    /// Keys become field names through `fieldName(for:)` (`peer.address` → `PEER_ADDRESS`). Nested values are
    /// flattened: a dictionary's keys are appended with `_` (`tcp: [probes: 3]` → `TCP_PROBES=3`), an array's
    /// elements are numbered from 0 (`addresses: [a, b]` → `ADDRESSES_0=a`, `ADDRESSES_1=b`), and an empty
    /// dictionary or array becomes an empty value rather than vanishing. When two keys map to the same name
    /// (`peer.address` and `peer_address`) the key that sorts last wins, so the outcome does not depend on
    /// dictionary order.
    public static func fields(flattening metadata: Logger.Metadata) -> [JournalField] {
        // Every alert takes this path (a dozen plain strings under names already canonical): one array and one
        // sort, where the general path below builds a dictionary and sorts twice. Same result either way.
        var flat: [(name: String, key: String, value: String)] = []
        flat.reserveCapacity(metadata.count)
        for (key, value) in metadata {
            guard case .string(let string) = value else { return Self.fields(flatteningNested: metadata) }
            flat.append((Self.fieldName(for: key), key, string))
        }
        flat.sort { ($0.name, $0.key) < ($1.name, $1.key) }
        var fields: [JournalField] = []
        fields.reserveCapacity(flat.count)
        for entry in flat {
            if let last = fields.last, last.name == entry.name {
                // Same name from two keys: the key that sorts last wins, as below.
                fields[fields.count - 1].value = entry.value
            } else {
                fields.append(JournalField(canonicalName: entry.name, value: entry.value))
            }
        }
        return fields
    }

    private static func fields(flatteningNested metadata: Logger.Metadata) -> [JournalField] {
        var values: [String: String] = [:]
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            Self.flatten(value, name: Self.fieldName(for: key), into: &values)
        }
        return values.sorted { $0.key < $1.key }.map { JournalField($0.key, $0.value) }
    }

    private static func flatten(_ value: Logger.MetadataValue, name: String, into values: inout [String: String]) {
        switch value {
        case .string(let string):
            values[name] = string
        case .stringConvertible(let convertible):
            values[name] = convertible.description
        case .dictionary(let dictionary) where dictionary.isEmpty:
            values[name] = ""
        case .dictionary(let dictionary):
            for (key, nested) in dictionary.sorted(by: { $0.key < $1.key }) {
                Self.flatten(nested, name: Self.fieldName(for: name + "_" + key), into: &values)
            }
        case .array(let array) where array.isEmpty:
            values[name] = ""
        case .array(let array):
            for (index, nested) in array.enumerated() {
                Self.flatten(nested, name: Self.fieldName(for: name + "_\(index)"), into: &values)
            }
        }
    }
}
