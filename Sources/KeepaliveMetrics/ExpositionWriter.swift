/// Appends the Prometheus text format (version 0.0.4) to a byte buffer: comment lines, label values escaped as
/// the format requires, and numbers written from integers without going through `Double`'s description (a
/// scrape of 10 000 peers writes about 100 000 of them). With an `output`, the bytes are handed on in slices
/// of about `sliceSize` as they are written, so a scrape never holds its whole text twice.
struct ExpositionWriter {
    private(set) var bytes: [UInt8]
    private let sliceSize: Int
    private let output: ((UnsafeRawBufferPointer) -> Void)?

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
        sliceSize = .max
        output = nil
    }

    init(sliceSize: Int, output: @escaping (UnsafeRawBufferPointer) -> Void) {
        bytes = []
        bytes.reserveCapacity(sliceSize + 4096)
        self.sliceSize = sliceSize
        self.output = output
    }

    /// Ends a line, handing the slice on once it is full.
    mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        if bytes.count >= sliceSize { flush() }
    }

    /// Hands on whatever is left.
    mutating func flush() {
        guard let output, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes(output)
        bytes.removeAll(keepingCapacity: true)
    }

    /// `# HELP` and `# TYPE` of `family`.
    mutating func header(_ family: MetricFamily) {
        append("# HELP ")
        append(family.name)
        append(" ")
        for byte in family.help.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\n"): append("\\n")
            default: bytes.append(byte)
            }
        }
        append("\n# TYPE ")
        append(family.name)
        append(" ")
        append(family.kind.rawValue)
        newline()
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// `"value"`, with backslash, double quote and line feed escaped.
    mutating func appendQuoted(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): append("\\\\")
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\n"): append("\\n")
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func appendInteger(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            // Int64.min has no positive counterpart; no metric here comes near it.
            appendUnsigned(value == .min ? UInt64(Int64.max) : UInt64(-value))
        } else {
            appendUnsigned(UInt64(value))
        }
    }

    /// Microseconds as seconds with six decimals: `1763640000.123456`, `0.000412`.
    mutating func appendSeconds(microseconds: Int64) {
        if microseconds < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = microseconds.magnitude
        appendUnsigned(magnitude / 1_000_000)
        bytes.append(UInt8(ascii: "."))
        var fraction = magnitude % 1_000_000
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            for index in stride(from: 5, through: 0, by: -1) {
                buffer[index] = UInt8(ascii: "0") + UInt8(fraction % 10)
                fraction /= 10
            }
        }
        withUnsafeBytes(of: digits) { bytes.append(contentsOf: $0) }
    }

    private mutating func appendUnsigned(_ value: UInt64) {
        guard value >= 10 else {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: room for the 20 digits of UInt64.max
        let count = withUnsafeMutableBytes(of: &digits) { buffer -> Int in
            var rest = value
            var index = buffer.count
            while rest > 0 {
                index -= 1
                buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return buffer.count - index
        }
        withUnsafeBytes(of: digits) { bytes.append(contentsOf: $0.suffix(count)) }
    }
}
