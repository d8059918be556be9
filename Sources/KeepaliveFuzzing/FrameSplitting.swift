import KeepaliveControl
import KeepaliveDaemon
import NIOCore
import NIOEmbedded

/// The two NUL framers side by side, fed the same reads: the daemon's `NULFrameDecoder` in a NIO pipeline and
/// `VarlinkFrameDecoder`, which keepalivectl uses. Both must find the same messages and reject the same
/// oversized one.
struct FrameSplitting {
    /// The messages found, in order, without their NULs.
    var messages: [[UInt8]] = []
    /// Whether a message longer than the limit ended the stream.
    var tooLarge = false

    /// Splits `stream` into reads of `readSize` bytes; `log` records where the two framers disagree.
    init(_ stream: ArraySlice<UInt8>, readSize: Int, limit: Int, _ log: inout InvariantLog) {
        var varlink = VarlinkFrameDecoder(maximumMessageSize: limit)
        var varlinkMessages: [[UInt8]] = []
        var varlinkTooLarge = false
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(NULFrameDecoder(maximumSize: limit)))
        var nulMessages: [[UInt8]] = []
        var nulTooLarge = false
        var start = stream.startIndex
        while start < stream.endIndex, !varlinkTooLarge || !nulTooLarge {
            let read = stream[start..<min(start + readSize, stream.endIndex)]
            start = read.endIndex
            if !varlinkTooLarge {
                varlink.append(read)
                do {
                    while let message = try varlink.nextMessage() { varlinkMessages.append(message) }
                } catch {
                    varlinkTooLarge = true
                }
            }
            if !nulTooLarge {
                do {
                    try channel.writeInbound(ByteBuffer(bytes: read))
                } catch {
                    nulTooLarge = true
                }
                while let buffer = try? channel.readInbound(as: ByteBuffer.self) {
                    nulMessages.append(Array(buffer.readableBytesView))
                }
            }
        }
        _ = try? channel.finish()
        log.check(
            varlinkMessages == nulMessages,
            "the framers disagree: \(varlinkMessages.count) messages from VarlinkFrameDecoder, "
                + "\(nulMessages.count) from NULFrameDecoder")
        log.check(
            varlinkTooLarge == nulTooLarge,
            "only one framer found a message over \(limit) bytes (VarlinkFrameDecoder: \(varlinkTooLarge))")
        for message in varlinkMessages {
            log.check(message.count <= limit, "a message of \(message.count) bytes passed the \(limit)-byte limit")
            log.check(!message.contains(0), "a message holds a NUL")
        }
        messages = varlinkMessages
        tooLarge = varlinkTooLarge
    }
}
