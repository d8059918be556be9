import Foundation
import KeepaliveCore
import KeepaliveTestSupport
import Testing

@testable import KeepaliveControl

/// The hand-written JSON of the peer-carrying types against Foundation's: the same bytes out, the same values in,
/// and the same documents refused.
@Suite("Peer JSON without JSONEncoder and JSONDecoder")
struct JSONCodingTests {
    private func foundationBytes<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    private func read<Value: JSONReadable>(_ type: Value.Type, _ json: String) throws(JSONReadError) -> Value {
        try JSONReader.read(Array(json.utf8)) { (reader: inout JSONReader) throws(JSONReadError) in
            try Value(from: &reader)
        }
    }

    /// Peers with every optional both present and absent, every state and reason, and extreme numbers.
    private static var variedPeers: [PeerInfo] {
        var peers = SamplePeers.all
        for (index, state) in PeerState.allCases.enumerated() {
            var peer = SamplePeers.cache
            peer.name = "p\(index)-\(state.rawValue)"
            peer.state = state
            peer.reason = state == .down ? DownReason.allCases[index % DownReason.allCases.count] : nil
            peer.sinceUsec = index.isMultiple(of: 2) ? .max : .min
            peer.tcpInfo?.rttUs = -1
            peer.tcpInfo?.lastAckRecvMs = 0
            peer.counters.bytesReceived = .max
            peers.append(peer)
        }
        for reason in DownReason.allCases {
            peers.append(SamplePeers.with(SamplePeers.db, state: .down, reason: reason, probes: 3))
        }
        return peers
    }

    @Test("Replies carrying peers are byte for byte what JSONEncoder writes")
    func sameBytes() throws {
        let peers = Self.variedPeers
        for peer in peers {
            #expect(ControlJSON.encode(peer) == (try foundationBytes(peer)))
            #expect(ControlJSON.encode(GetPeerReply(peer: peer)) == (try foundationBytes(GetPeerReply(peer: peer))))
            for initial in [true, false] {
                let reply = WatchReply(peer: peer, initial: initial)
                #expect(ControlJSON.encode(reply) == (try foundationBytes(reply)))
            }
        }
        #expect(ControlJSON.encode(ListPeersReply(peers: peers)) == (try foundationBytes(ListPeersReply(peers: peers))))
        #expect(ControlJSON.encode(ListPeersReply(peers: [])) == Array(#"{"peers":[]}"#.utf8))
    }

    @Test("The varlink envelope around them too: continues only when set")
    func envelope() {
        let peers = ListPeersReply(peers: SamplePeers.all)
        let parameters = String(decoding: ControlJSON.encode(peers), as: UTF8.self)
        #expect(String(decoding: VarlinkMessage.reply(peers), as: UTF8.self) == #"{"parameters":\#(parameters)}"#)
        let watch = WatchReply(peer: SamplePeers.db, initial: true)
        let watchJSON = String(decoding: ControlJSON.encode(watch), as: UTF8.self)
        #expect(String(decoding: VarlinkMessage.reply(watch, continues: true), as: UTF8.self)
            == #"{"continues":true,"parameters":\#(watchJSON)}"#)
    }

    @Test("Strings are escaped exactly as JSONEncoder escapes them", arguments: [
        "", "plain", "quote \" and backslash \\", "a/b", "\u{7F} del", "café", "日本", "👩‍💻 e\u{301}",
        String((0..<32).map { Character(Unicode.Scalar($0)!) }),
    ])
    func escaping(text: String) throws {
        var peer = SamplePeers.mq
        peer.name = text
        peer.address = text + ":1"
        #expect(ControlJSON.encode(peer) == (try foundationBytes(peer)))
        #expect(try read(PeerInfo.self, String(decoding: ControlJSON.encode(peer), as: UTF8.self)) == peer)
    }

    @Test("What JSONEncoder wrote reads back as JSONDecoder reads it")
    func sameValues() throws {
        let peers = Self.variedPeers
        let json = String(decoding: try foundationBytes(ListPeersReply(peers: peers)), as: UTF8.self)
        #expect(try read(ListPeersReply.self, json).peers == peers)
        for peer in peers {
            let watch = String(decoding: try foundationBytes(WatchReply(peer: peer, initial: false)), as: UTF8.self)
            #expect(try read(WatchReply.self, watch) == WatchReply(peer: peer, initial: false))
        }
    }

    @Test("Any key order, whitespace, unknown fields, escapes in keys and strings, absent optionals")
    func lenientAsDecodable() throws {
        let json = """
             { "unknown" : [ 1, -2.5e+3, "x\\"y", { "deep": [ null, true, false, {} ] }, [] ],
              "tcp_info":null, "state" : "connecting", "since_usec":\t1795293784150000,
              "probes_unanswered": 0, "n\\u0061me": "m\\u0071", "address": "mq.internal:5672",
              "keepalive": {"user_timeout_ms": 25000, "count": 3, "interval_sec": 5, "idle_sec": 10, "x": {}},
              "counters": {"reconnects": 0, "bytes_received": 0, "down": {"dns": 0, "timeout": 0, "unreachable": 0,
                           "reset": 0, "refused": 0, "closed": 0, "half_open": 0, "protocol": 0, "unresponsive": 0}}
            }\n
            """
        #expect(try read(PeerInfo.self, json) == SamplePeers.mq)
        let surrogates = try read(PeerInfo.self, json.replacingOccurrences(of: "m\\u0071", with: "\\ud83d\\ude00/\\/"))
        #expect(surrogates.name == "😀//")
    }

    @Test("What JSONDecoder refuses, the reader refuses", arguments: [
        "", "nonsense", "[]", "{}", #"{"peers":7}"#, #"{"peers":[{}]}"#, #"{"peers":[]} x"#, #"{"peers":[]"#,
        #"{"peers":[1,]}"#, #"{"peers":[] "x":1}"#, #"{"peers":[], "x": "\u12"}"#, #"{"peers":[], "x": tru}"#,
        #"{"peers":[], "x": "unterminated}"#, #"{"peers":null}"#,
    ])
    func refusedDocuments(json: String) {
        #expect(throws: JSONReadError.self) { try read(ListPeersReply.self, json) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(ListPeersReply.self, from: Data(json.utf8)) }
    }

    @Test("What only JSONDecoder lets through (it skips fields unchecked) still decodes as a reply", arguments: [
        #"{"peers":[],}"#, #"{"peers":[], "x": 01}"#, #"{"peers":[], "x": "\ud83d"}"#, #"{"peers":[], "x": "\q"}"#,
        "{\"peers\":[], \"x\": \"tab\there\"}", #"{"peers":[], "x": -}"#, #"{"peers":[], "x": 1.}"#,
    ])
    func decoderLeniencyKept(json: String) throws {
        #expect(throws: JSONReadError.self) { try read(ListPeersReply.self, json) }
        #expect(try VarlinkMessage.decodeReply(Array(#"{"parameters":\#(json)}"#.utf8), as: ListPeersReply.self)
            == .parameters(ListPeersReply(peers: []), continues: false))
    }

    @Test("A peer with a field missing, mistyped or outside the contract is refused, naming it")
    func refusedPeers() throws {
        let peer = String(decoding: ControlJSON.encode(SamplePeers.cache), as: UTF8.self)
        let cases: [(from: String, to: String, message: String)] = [
            (#""name":"cache","#, "", #"Peer has no field "name""#),
            (#""state":"suspect""#, #""state":"dead""#, #"unknown state "dead""#),
            (#""reason":null"#, #""reason":"half_open""#, #"unknown reason "half_open""#),
            (#""probes":2"#, #""probes":2.5"#, "expected an integer, found a fraction or exponent"),
            (#""count":3"#, #""count":"3""#, "expected an integer"),
            (#""rtt_us":1830"#, #""rtt_us":99999999999999999999"#, "integer out of range"),
            (#""keepalive":{"#, #""keepalive":null,"x":{"#, "expected an object"),
            (#""half_open":0,"#, "", #"DownCounts has no field "half_open""#),
        ]
        for (from, to, message) in cases {
            #expect(peer.contains(from))
            let broken = peer.replacingOccurrences(of: from, with: to)
            let error = #expect(throws: JSONReadError.self) { try read(PeerInfo.self, broken) }
            #expect(error?.message == message, "\(broken)")
        }
    }

    @Test("Nesting deeper than the limit in a skipped field is refused, not recursed into")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        #expect(throws: JSONReadError.self) { try read(ListPeersReply.self, #"{"x":\#(deep),"peers":[]}"#) }
        let shallow = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(try read(ListPeersReply.self, #"{"x":\#(shallow),"peers":[]}"#).peers.isEmpty)
    }

    @Test("An error reply is an error whatever the order of its fields")
    func errorReplyOrder() throws {
        let reply = Array(#"{"parameters":{"name":"db"},"error":"org.keepalivemonitor.Monitor.PeerNotFound"}"#.utf8)
        #expect(try VarlinkMessage.decodeReply(reply, as: ListPeersReply.self) == .error(.peerNotFound(name: "db")))
        let watch = Array(
            #"{"continues":true,"parameters":{"peer":{}},"error":"org.varlink.service.ExpectedMore"}"#.utf8)
        #expect(try VarlinkMessage.decodeReply(watch, as: WatchReply.self) == .error(.expectedMore))
    }

    @Test("A reply of 1000 peers round-trips through the varlink envelope")
    func largeReply() throws {
        let peers = (0..<1000).map { index in
            var peer = index.isMultiple(of: 3) ? SamplePeers.db : SamplePeers.api
            peer.name = "peer-\(index)"
            peer.sinceUsec += Int64(index)
            return peer
        }
        let reply = VarlinkMessage.reply(ListPeersReply(peers: peers))
        #expect(try VarlinkMessage.decodeReply(reply, as: ListPeersReply.self)
            == .parameters(ListPeersReply(peers: peers), continues: false))
    }
}
