import KeepaliveCore
import TOMLKit

/// Reads one table of the configuration key by key, checking each value's type itself and reporting every
/// problem where it was written.
///
/// Values are read as TOMLKit's `Int`, `Double` and `String` and range-checked here, never through Codable:
/// TOMLKit's decoder traps when an integer does not fit the target type.
struct ConfigTableReader {
    let table: TOMLTable
    let ref: TOMLSourceIndex.TableRef
    let schema: ConfigTableSchema
    let file: ConfigSourceFile
    private(set) var diagnostics: [ConfigDiagnostic] = []

    init(table: TOMLTable, ref: TOMLSourceIndex.TableRef, schema: ConfigTableSchema, file: ConfigSourceFile) {
        self.table = table
        self.ref = ref
        self.schema = schema
        self.file = file
    }

    mutating func report(_ message: String, at key: String?) {
        diagnostics.append(file.diagnostic(message, at: key, in: ref))
    }

    /// Reports every key the schema does not know, since TOMLKit would let a typo pass unnoticed.
    mutating func checkUnknownKeys() {
        // TOMLKit's `keys` mallocs an array and a copy of every key and frees neither: list them only when the
        // table holds more keys than the schema's found in it (1 000 endpoints leaked ≈60 KiB a reload).
        let known = schema.keys.reduce(0) { count, key in table[key] == nil ? count : count + 1 }
        guard table.count > known else { return }
        for key in table.keys where !schema.keys.contains(key) {
            diagnostics.append(
                file.diagnostic(ConfigSchema.unknownKeyMessage(key, in: schema), atKey: key, in: ref)
            )
        }
    }

    func contains(_ key: String) -> Bool {
        table[key] != nil
    }

    /// Where `key` was written, for deciding which of two conflicting keys came second.
    func position(of key: String) -> TOMLSourceIndex.Position? {
        file.index.key(key, in: ref)
    }

    /// The string at `key`; reports `KEY: EXPECTATION, found …` when it is something else.
    mutating func string(_ key: String, expecting expectation: String) -> String? {
        guard let value = table[key] else { return nil }
        guard let string = TOMLStringReader.string(value) else {
            report("\(key): \(expectation), found \(Self.describe(value))", at: key)
            return nil
        }
        return string
    }

    /// The integer at `key`, range-checked by `check`.
    mutating func integer(_ key: String, check: (Int) -> String?, expecting expectation: String) -> Int? {
        guard let value = table[key] else { return nil }
        guard let integer = value.int else {
            report("\(key): \(expectation), found \(Self.describe(value))", at: key)
            return nil
        }
        if let problem = check(integer) {
            report("\(key): \(problem), found \(integer)", at: key)
            return nil
        }
        return integer
    }

    /// The float at `key`; the integers 0 and 1 count too, because `reconnect_jitter = 0` is what people write.
    mutating func fraction(_ key: String, check: (Double) -> String?, expecting expectation: String) -> Double? {
        guard let value = table[key] else { return nil }
        let number: Double
        if let double = value.double {
            number = double
        } else if let integer = value.int {
            guard integer == 0 || integer == 1 else {
                report("\(key): \(expectation), found \(integer)", at: key)
                return nil
            }
            number = Double(integer)
        } else {
            report("\(key): \(expectation), found \(Self.describe(value))", at: key)
            return nil
        }
        if let problem = check(number) {
            report("\(key): \(problem), found \(number)", at: key)
            return nil
        }
        return number
    }

    /// The duration string at `key` (`"250ms"`, `"30s"`, `"1m30s"`), range-checked by `check`.
    mutating func duration(_ key: String, check: (Duration) -> String?) -> Duration? {
        let example = "expected a duration such as \"30s\", \"250ms\" or \"1m30s\""
        guard let text = string(key, expecting: example) else { return nil }
        guard let duration = DurationText.parse(text) else {
            report("\(key): \(example), found \(TOMLText.quoted(text))", at: key)
            return nil
        }
        if let problem = check(duration) {
            report("\(key): \(problem), found \(TOMLText.quoted(text))", at: key)
            return nil
        }
        return duration
    }

    /// A value named with its type, for messages about the wrong type: `string "3"`, `a table`.
    static func describe(_ value: any TOMLValueConvertible) -> String {
        switch value.type {
        case .string: "string \(TOMLText.quoted(value.string ?? ""))"
        case .int: "integer \(value.int.map(String.init) ?? "")"
        case .double: "float \(value.double.map { "\($0)" } ?? "")"
        case .bool: "boolean \(value.bool.map { "\($0)" } ?? "")"
        case .table: "a table"
        case .array: "an array"
        case .date: "a date"
        case .time: "a time"
        case .dateTime: "a date-time"
        }
    }
}
