import CTOML
import Glibc
import TOMLKit

/// Reads a TOML string value without the leak of TOMLKit 0.6.0's `string` getter, which takes the text from
/// `nodeAsString` (a `strdup`) and never frees it: two strings per endpoint, every load, ≈64 KiB a reload at
/// 1 000 endpoints. Here the same C call, and its copy freed. TOMLKit keeps the node pointer internal, so it is
/// found by reflection, by its name in the exact version this package pins; if it is ever not found, the
/// leaking getter is still right.
enum TOMLStringReader {
    static func string(_ value: any TOMLValueConvertible) -> String? {
        let node = value.tomlValue
        guard node.type == .string else { return nil }
        guard let pointer = Mirror(reflecting: node).descendant("tomlValuePointer") as? OpaquePointer,
            let copy = nodeAsString(pointer)
        else { return node.string }
        defer { free(UnsafeMutableRawPointer(mutating: copy)) }
        return String(cString: copy)
    }
}
