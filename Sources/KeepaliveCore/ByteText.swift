/// Bytes as an operator reads them in an alert: `"+PONG\r\n"`, `"\x01"` — printable ASCII as is, the rest
/// escaped, and the same escapes the configuration accepts.
public enum ByteText {
    /// `bytes` in double quotes, escaped.
    public static func quoted(_ bytes: some Sequence<UInt8>) -> String {
        var text = "\""
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): text += "\\\\"
            case UInt8(ascii: "\""): text += "\\\""
            case UInt8(ascii: "\r"): text += "\\r"
            case UInt8(ascii: "\n"): text += "\\n"
            case UInt8(ascii: "\t"): text += "\\t"
            case 0x20...0x7e: text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += "\\x" + hexDigits(byte)
            }
        }
        return text + "\""
    }

    /// Two lower-case hex digits.
    static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef".unicodeScalars)
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0f)])
    }
}
