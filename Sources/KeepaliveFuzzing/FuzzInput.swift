/// Reads a fuzz input front to back: a few leading bytes choose how a target runs, the rest is what it reads.
/// Past the end it reads zeros, so that every input, however short, means something.
struct FuzzInput {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func byte() -> UInt8 {
        defer { offset += 1 }
        return offset < bytes.count ? bytes[offset] : 0
    }

    /// Two bytes, big-endian.
    mutating func uint16() -> UInt16 {
        UInt16(byte()) << 8 | UInt16(byte())
    }

    /// Up to `count` bytes; fewer at the end of the input.
    mutating func bytes(upTo count: Int) -> ArraySlice<UInt8> {
        let start = min(offset, bytes.count)
        let end = min(start + count, bytes.count)
        offset = end
        return bytes[start..<end]
    }

    /// Everything not read yet.
    mutating func rest() -> ArraySlice<UInt8> {
        bytes(upTo: bytes.count)
    }
}
