import NIOCore

/// Splits a varlink byte stream into messages at their NUL terminators. A message that grows past the limit
/// without a NUL is an error: the connection is closed before it can cost the daemon memory. Package-visible for
/// the fuzz target that runs it side by side with `VarlinkFrameDecoder`.
package struct NULFrameDecoder: ByteToMessageDecoder {
    package typealias InboundOut = ByteBuffer

    /// Raised when a client sends more than `maximumSize` bytes without a NUL.
    package struct MessageTooLarge: Error {
        package var limit: Int
    }

    package let maximumSize: Int

    package init(maximumSize: Int) {
        self.maximumSize = maximumSize
    }

    package mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let nul = buffer.readableBytesView.firstIndex(of: 0) else {
            if buffer.readableBytes > maximumSize { throw MessageTooLarge(limit: maximumSize) }
            return .needMoreData
        }
        let length = nul - buffer.readerIndex
        if length > maximumSize { throw MessageTooLarge(limit: maximumSize) }
        let message = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(wrapInboundOut(message))
        return .continue
    }

    package mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A trailing fragment without its NUL is not a message; drop it.
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}
