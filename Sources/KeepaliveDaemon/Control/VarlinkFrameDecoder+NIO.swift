import KeepaliveControl
import NIOCore

/// The control protocol's one framer, `VarlinkFrameDecoder` (keepalivectl's too), in the daemon's NIO pipeline:
/// each complete message goes on as its bytes, with the same size limit and the same `MessageTooLarge`.
extension VarlinkFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = [UInt8]

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        append(buffer.readableBytesView)
        buffer.moveReaderIndex(to: buffer.writerIndex)
        // Every message the read completed, now: the bytes are the framer's, so NIO would not call again.
        while let message = try nextMessage() {
            context.fireChannelRead(wrapInboundOut(message))
        }
        return .needMoreData
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        // The messages that arrived with the end of input are answered; a trailing fragment without its NUL is not
        // a message and is dropped with the framer.
        _ = try decode(context: context, buffer: &buffer)
        return .needMoreData
    }
}
