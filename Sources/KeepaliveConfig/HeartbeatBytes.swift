import KeepaliveCore

/// The two ways a heartbeat's bytes are written in the configuration: as a TOML string (its own escapes give
/// `\r`, `\n`, `\t`, `\u0001`; the bytes sent are the string's UTF-8), or as hex digits for binary protocols
/// (`"01"`, `"de ad be ef"`: pairs of hex digits, spaces between pairs allowed).
enum HeartbeatBytes {
    /// The longest request or expected reply accepted: a heartbeat is a probe, not a payload.
    static let maximumLength = 1024

    /// The bytes of `hex`, or what was expected instead.
    static func parseHex(_ hex: String) -> Result<[UInt8], HeartbeatBytesProblem> {
        var bytes: [UInt8] = []
        var high: UInt8?
        for character in hex.utf8 {
            if character == UInt8(ascii: " "), high == nil { continue }
            guard let nibble = nibble(character) else {
                return .failure(HeartbeatBytesProblem(expectation: "expected pairs of hex digits such as \"01\" or \"de ad\""))
            }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        guard high == nil else {
            return .failure(HeartbeatBytesProblem(expectation: "expected pairs of hex digits (an odd number was written)"))
        }
        return .success(bytes)
    }

    /// A length problem with `bytes`, if any; `allowEmpty` for the expected reply (empty accepts any reply).
    static func lengthProblem(_ bytes: [UInt8], allowEmpty: Bool) -> String? {
        if bytes.isEmpty, !allowEmpty { return "expected at least one byte" }
        if bytes.count > maximumLength { return "expected at most \(maximumLength) bytes" }
        return nil
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// Why a hex string is not heartbeat bytes: the "expected …" half of a message.
struct HeartbeatBytesProblem: Error, Hashable {
    var expectation: String
}
