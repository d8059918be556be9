import KeepaliveControl
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@testable import KeepaliveDaemon

/// The control protocol's one framer (`VarlinkFrameDecoder`) as the daemon runs it, in a NIO pipeline.
@Suite("VarlinkFrameDecoder in the daemon's pipeline")
struct FramingPipelineTests {
    func channel(limit: Int = 16) -> EmbeddedChannel {
        EmbeddedChannel(handler: ByteToMessageHandler(VarlinkFrameDecoder(maximumMessageSize: limit)))
    }

    func messages(_ channel: EmbeddedChannel) throws -> [String] {
        var out: [String] = []
        while let message = try channel.readInbound(as: [UInt8].self) {
            out.append(String(decoding: message, as: UTF8.self))
        }
        return out
    }

    /// NIO's own verifier feeds each input whole, byte by byte and in other splits, and checks the messages and
    /// that nothing is left over.
    @Test("ByteToMessageDecoderVerifier: the same messages however the bytes arrive")
    func verifier() throws {
        func pair(_ input: String, _ messages: [String]) -> (ByteBuffer, [[UInt8]]) {
            (ByteBuffer(string: input), messages.map { Array($0.utf8) })
        }
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [
                pair("{\"a\":1}\0", ["{\"a\":1}"]),
                pair("{\"b\":2}\0{\"c\":3}\0", ["{\"b\":2}", "{\"c\":3}"]),
                pair("\0", [""]),
                pair("{\"d\":\"é\"}\0", ["{\"d\":\"é\"}"]),
            ],
            decoderFactory: { VarlinkFrameDecoder(maximumMessageSize: 64) })
    }

    @Test("Messages split at each NUL, across and within reads")
    func splitting() throws {
        let channel = channel()
        try channel.writeInbound(ByteBuffer(string: "{\"a\":1}\0{\"b\""))
        #expect(try messages(channel) == ["{\"a\":1}"])
        try channel.writeInbound(ByteBuffer(string: ":2}\0\0"))
        #expect(try messages(channel) == ["{\"b\":2}", ""])
        _ = try channel.finish()
    }

    @Test("A message over the limit is the framer's own error, with or without its NUL")
    func oversize() throws {
        #expect(throws: VarlinkFrameDecoder.MessageTooLarge(limit: 16)) {
            try channel().writeInbound(ByteBuffer(string: String(repeating: "x", count: 17) + "\0"))
        }
        #expect(throws: VarlinkFrameDecoder.MessageTooLarge(limit: 16)) {
            try channel().writeInbound(ByteBuffer(string: String(repeating: "x", count: 40)))
        }
    }

    @Test("The calls that arrived with the end of input are delivered; a trailing fragment is dropped")
    func endOfInput() throws {
        let channel = channel()
        try channel.writeInbound(ByteBuffer(string: "{\"a\":1}\0{\"half\""))
        #expect(try messages(channel) == ["{\"a\":1}"])
        _ = try channel.finish()
        #expect(try messages(channel).isEmpty)
    }
}
