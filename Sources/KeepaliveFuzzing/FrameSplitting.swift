import KeepaliveControl
import KeepaliveDaemon
import NIOCore
import NIOEmbedded

/// The one NUL framer, `VarlinkFrameDecoder`, fed the same reads twice: directly, as keepalivectl uses it, and in a
/// NIO pipeline through its `ByteToMessageDecoder` conformance, as the daemon uses it. Both must find the same
/// messages and reject the same oversized one.
struct FrameSplitting {
    /// The messages found, in order, without their NULs.
    var messages: [[UInt8]] = []
    /// Whether a message longer than the limit ended the stream.
    var tooLarge = false

    /// Splits `stream` into reads of `readSize` bytes; `log` records where the two ways disagree.
    init(_ stream: ArraySlice<UInt8>, readSize: Int, limit: Int, _ log: inout InvariantLog) {
        var varlink = VarlinkFrameDecoder(maximumMessageSize: limit)
        var varlinkMessages: [[UInt8]] = []
        var varlinkTooLarge = false
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(VarlinkFrameDecoder(maximumMessageSize: limit)))
        var pipelineMessages: [[UInt8]] = []
        var pipelineTooLarge = false
        var start = stream.startIndex
        while start < stream.endIndex, !varlinkTooLarge || !pipelineTooLarge {
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
            if !pipelineTooLarge {
                do {
                    try channel.writeInbound(ByteBuffer(bytes: read))
                } catch {
                    pipelineTooLarge = true
                }
                while let message = try? channel.readInbound(as: [UInt8].self) {
                    pipelineMessages.append(message)
                }
            }
        }
        _ = try? channel.finish()
        log.check(
            varlinkMessages == pipelineMessages,
            "the framer disagrees with itself: \(varlinkMessages.count) messages fed directly, "
                + "\(pipelineMessages.count) through NIO")
        log.check(
            varlinkTooLarge == pipelineTooLarge,
            "only one way of feeding the framer found a message over \(limit) bytes (directly: \(varlinkTooLarge))")
        for message in varlinkMessages {
            log.check(message.count <= limit, "a message of \(message.count) bytes passed the \(limit)-byte limit")
            log.check(!message.contains(0), "a message holds a NUL")
        }
        messages = varlinkMessages
        tooLarge = varlinkTooLarge
    }
}
