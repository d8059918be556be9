/// Splits a varlink byte stream into messages at their NUL terminators.
///
/// Feed it what the socket returned with `append(_:)`, then take complete messages with `nextMessage()` until it
/// returns nil. A message longer than the limit is an error as soon as it is known to be one, before it can be
/// buffered whole; after that the stream cannot be trusted and every further call fails too.
public struct VarlinkFrameDecoder: Sendable {
    /// Raised for a message longer than `limit` bytes (without its NUL).
    public struct MessageTooLarge: Error, Hashable, Sendable, CustomStringConvertible {
        public var limit: Int

        public init(limit: Int) {
            self.limit = limit
        }

        public var description: String { "a message is longer than \(limit) bytes" }
    }

    public let maximumMessageSize: Int
    private var buffer: [UInt8] = []
    /// Where the next message starts.
    private var start = 0
    /// Bytes from `start` up to here hold no NUL; the search resumes here.
    private var scanned = 0
    private var failed = false

    public init(maximumMessageSize: Int = ControlDispatcher.maximumMessageSize) {
        self.maximumMessageSize = maximumMessageSize
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeSubrange(..<start)
            scanned -= start
            start = 0
        }
        if !buffer.isEmpty && buffer.count + bytes.underestimatedCount > buffer.capacity {
            // A message longer than one read: reserve room for the longest one at once. Capacity is address space
            // (pages are committed as bytes arrive), whereas doubling copied a reply of megabytes over and over
            // and faulted its pages in twice.
            buffer.reserveCapacity(maximumMessageSize + 1)
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete message without its NUL, or nil when more bytes are needed.
    public mutating func nextMessage() throws(MessageTooLarge) -> [UInt8]? {
        guard !failed else { throw MessageTooLarge(limit: maximumMessageSize) }
        guard let nul = Self.firstNUL(in: buffer, from: scanned) else {
            scanned = buffer.count
            if buffer.count - start > maximumMessageSize {
                failed = true
                throw MessageTooLarge(limit: maximumMessageSize)
            }
            return nil
        }
        guard nul - start <= maximumMessageSize else {
            failed = true
            throw MessageTooLarge(limit: maximumMessageSize)
        }
        if start == 0 && nul == buffer.count - 1 {
            // The buffer holds exactly this message (a big reply read to its end): hand it over without a copy.
            buffer.removeLast()
            let message = buffer
            buffer = []
            scanned = 0
            return message
        }
        let message = Array(buffer[start..<nul])
        start = nul + 1
        scanned = start
        return message
    }

    /// The index of the first NUL in `bytes` at or after `start`. Eight bytes at a time: a reply of megabytes
    /// is scanned once as it arrives, and a byte loop made that a visible part of `keepalivectl status`.
    private static func firstNUL(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBytes { raw in
            var index = start
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= raw.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // Nonzero exactly when some byte of `word` is zero.
                if (word &- ones) & ~word & highs != 0 { break }
                index += 8
            }
            while index < raw.count {
                if raw[index] == 0 { return index }
                index += 1
            }
            return nil
        }
    }

    /// Bytes received after the last complete message: the start of a message still missing its NUL.
    public var pendingByteCount: Int { buffer.count - start }
}
