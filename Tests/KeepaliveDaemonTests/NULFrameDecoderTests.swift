import NIOCore
import NIOEmbedded
import Testing

@testable import KeepaliveDaemon

@Suite("NUL framing of the control socket")
struct NULFrameDecoderTests {
    func channel(limit: Int = 16) -> EmbeddedChannel {
        EmbeddedChannel(handler: ByteToMessageHandler(NULFrameDecoder(maximumSize: limit)))
    }

    func messages(_ channel: EmbeddedChannel) throws -> [String] {
        var out: [String] = []
        while let buffer = try channel.readInbound(as: ByteBuffer.self) {
            out.append(String(buffer: buffer))
        }
        return out
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

    @Test("A message over the limit is an error, with or without its NUL")
    func oversize() throws {
        #expect(throws: NULFrameDecoder.MessageTooLarge.self) {
            try channel().writeInbound(ByteBuffer(string: String(repeating: "x", count: 17) + "\0"))
        }
        #expect(throws: NULFrameDecoder.MessageTooLarge.self) {
            try channel().writeInbound(ByteBuffer(string: String(repeating: "x", count: 40)))
        }
    }

    @Test("A trailing fragment without its NUL is dropped at EOF, not delivered")
    func trailingFragment() throws {
        let channel = channel()
        try channel.writeInbound(ByteBuffer(string: "{\"half\""))
        #expect(try messages(channel).isEmpty)
        _ = try channel.finish()
        #expect(try messages(channel).isEmpty)
    }
}
