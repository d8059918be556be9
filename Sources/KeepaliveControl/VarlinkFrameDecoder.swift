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
        buffer.append(contentsOf: bytes)
    }

    /// The next complete message without its NUL, or nil when more bytes are needed.
    public mutating func nextMessage() throws(MessageTooLarge) -> [UInt8]? {
        guard !failed else { throw MessageTooLarge(limit: maximumMessageSize) }
        guard let nul = buffer[scanned...].firstIndex(of: 0) else {
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
        let message = Array(buffer[start..<nul])
        start = nul + 1
        scanned = start
        return message
    }

    /// Bytes received after the last complete message: the start of a message still missing its NUL.
    public var pendingByteCount: Int { buffer.count - start }
}
