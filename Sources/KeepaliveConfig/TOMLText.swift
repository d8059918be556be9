import KeepaliveCore

/// Writes strings the way TOML reads them, for the effective configuration and for quoting what an operator
/// wrote inside a message.
enum TOMLText {
    /// `text` as a TOML basic string, quotes included, with backslashes, quotes and control characters
    /// escaped so that any string survives a round trip.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
