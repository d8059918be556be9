import KeepaliveControl
import KeepaliveTestSupport
import Testing

@Suite("VarlinkFrameDecoder")
struct FrameDecoderTests {
    private func drain(_ decoder: inout VarlinkFrameDecoder) throws -> [String] {
        var messages: [String] = []
        while let message = try decoder.nextMessage() {
            messages.append(String(decoding: message, as: UTF8.self))
        }
        return messages
    }

    @Test("Several messages in one read come out one by one, without their NULs")
    func splitsMessages() throws {
        var decoder = VarlinkFrameDecoder()
        decoder.append(Array("{\"a\":1}\0{\"b\":2}\0\0{\"c\"".utf8))
        #expect(try drain(&decoder) == [#"{"a":1}"#, #"{"b":2}"#, ""])
        #expect(decoder.pendingByteCount == 4)
        decoder.append(Array(":3}\0".utf8))
        #expect(try drain(&decoder) == [#"{"c":3}"#])
        #expect(decoder.pendingByteCount == 0)
    }

    @Test("A message that arrives a byte at a time comes out once, when its NUL arrives")
    func partialInput() throws {
        var decoder = VarlinkFrameDecoder()
        let bytes = Array("{\"method\":\"org.varlink.service.GetInfo\"}\0".utf8)
        var messages: [String] = []
        for byte in bytes {
            decoder.append([byte])
            messages += try drain(&decoder)
            if messages.isEmpty { #expect(decoder.pendingByteCount > 0) }
        }
        #expect(messages == [#"{"method":"org.varlink.service.GetInfo"}"#])
    }

    @Test("Many messages in uneven chunks all come out intact")
    func unevenChunks() throws {
        let messages = (0..<500).map { #"{"n":\#($0),"pad":"\#(String(repeating: "x", count: $0 % 37))"}"# }
        let stream = Array(messages.map { $0 + "\0" }.joined().utf8)
        var decoder = VarlinkFrameDecoder()
        var received: [String] = []
        var offset = 0
        var size = 1
        while offset < stream.count {
            let end = min(stream.count, offset + size)
            decoder.append(stream[offset..<end])
            received += try drain(&decoder)
            offset = end
            size = size % 97 + 13
        }
        #expect(received == messages)
    }

    @Test("A NUL is found at every offset in a word, after messages of every length up to three words")
    func everyOffset() throws {
        let messages = (0..<24).map { String(repeating: "x", count: $0) }
        var decoder = VarlinkFrameDecoder()
        decoder.append(Array(messages.map { $0 + "\0" }.joined().utf8))
        #expect(try drain(&decoder) == messages)
        #expect(decoder.pendingByteCount == 0)
    }

    @Test("A message of many reads, read in 64 KiB pieces, comes out whole, and the stream goes on after it")
    func largeMessage() throws {
        let large = (0..<300_000).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        var decoder = VarlinkFrameDecoder(maximumMessageSize: 16 << 20)
        func feed(_ stream: [UInt8]) throws -> [[UInt8]] {
            var received: [[UInt8]] = []
            for start in stride(from: 0, to: stream.count, by: 65536) {
                decoder.append(stream[start..<min(start + 65536, stream.count)])
                while let message = try decoder.nextMessage() { received.append(message) }
            }
            return received
        }
        // Alone, as a ListPeers reply arrives; then followed by another message in the same read.
        #expect(try feed(large + [0]) == [large])
        #expect(decoder.pendingByteCount == 0)
        #expect(try feed(Array("{}".utf8) + [0] + large + [0] + Array("{\"a\"".utf8)) == [Array("{}".utf8), large])
        #expect(decoder.pendingByteCount == 4)
        #expect(try feed([0]) == [Array("{\"a\"".utf8)])
    }

    @Test("A message of exactly the limit passes")
    func exactlyTheLimit() throws {
        var decoder = VarlinkFrameDecoder(maximumMessageSize: 16)
        decoder.append([UInt8](repeating: 0x20, count: 16) + [0])
        #expect(try decoder.nextMessage()?.count == 16)
    }

    @Test("Bytes past the limit without a NUL are an error before the message ends, and stay one")
    func oversizeWithoutNUL() throws {
        var decoder = VarlinkFrameDecoder(maximumMessageSize: 16)
        decoder.append([UInt8](repeating: 0x20, count: 16))
        #expect(try decoder.nextMessage() == nil)
        decoder.append([0x20])
        #expect(throws: VarlinkFrameDecoder.MessageTooLarge(limit: 16)) { try decoder.nextMessage() }
        decoder.append([0])
        #expect(throws: VarlinkFrameDecoder.MessageTooLarge.self) { try decoder.nextMessage() }
    }

    @Test("A complete message over the limit is an error even when its NUL came with it")
    func oversizeWithNUL() throws {
        var decoder = VarlinkFrameDecoder(maximumMessageSize: 16)
        decoder.append(Array("{}\0".utf8) + [UInt8](repeating: 0x20, count: 17) + [0])
        #expect(try decoder.nextMessage() == Array("{}".utf8))
        #expect(throws: VarlinkFrameDecoder.MessageTooLarge.self) { try decoder.nextMessage() }
    }

    @Test("The default limit is the dispatcher's: 64 KiB")
    func defaultLimit() {
        #expect(VarlinkFrameDecoder().maximumMessageSize == 65536)
        #expect(ControlDispatcher.maximumMessageSize == 65536)
    }
}
