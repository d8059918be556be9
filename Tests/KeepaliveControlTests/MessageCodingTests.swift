import Foundation
import KeepaliveControl
import KeepaliveCore
import KeepaliveTestSupport
import Testing

@Suite("Protocol messages")
struct MessageCodingTests {
    private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test("A peer is encoded with the interface's field names, sorted, absent values as null")
    func peerEncoding() {
        #expect(text(ControlJSON.encode(SamplePeers.mq)) == """
            {"address":"mq.internal:5672","counters":{"bytes_received":0,"down":{"closed":0,"dns":0,"half_open":0,\
            "protocol":0,"refused":0,"reset":0,"timeout":0,"unreachable":0,"unresponsive":0},"reconnects":0},\
            "heartbeat_rtt_us":null,"keepalive":{"count":3,\
            "idle_sec":10,"interval_sec":5,"user_timeout_ms":25000},"name":"mq","probes_unanswered":0,\
            "reason":null,"resolved_address":null,"since_usec":1795293784150000,"state":"connecting","tcp_info":null}
            """)
        #expect(text(ControlJSON.encode(SamplePeers.api.tcpInfo)) == """
            {"backoff":0,"last_ack_recv_ms":1200,"last_data_recv_ms":3400,"probes":0,"rtt_us":412,"rttvar_us":96,\
            "state":"ESTABLISHED","total_retransmits":0,"unacked":0}
            """)
    }

    @Test("Every sample peer survives encoding and decoding")
    func peerRoundTrip() throws {
        for peer in SamplePeers.all {
            #expect(try ControlJSON.decode(PeerInfo.self, from: ControlJSON.encode(peer)) == peer)
        }
    }

    @Test("A peer whose optional fields are left out decodes them as nil")
    func peerWithoutOptionals() throws {
        var json = text(ControlJSON.encode(SamplePeers.mq))
        json = json.replacingOccurrences(of: #""reason":null,"resolved_address":null,"#, with: "")
            .replacingOccurrences(of: #","tcp_info":null"#, with: "")
            .replacingOccurrences(of: #""heartbeat_rtt_us":null,"#, with: "")
        #expect(!json.contains("null"))
        #expect(try ControlJSON.decode(PeerInfo.self, from: Array(json.utf8)) == SamplePeers.mq)
    }

    @Test("A state or reason word outside the contract does not decode")
    func unknownWords() {
        let json = text(ControlJSON.encode(SamplePeers.db))
        for bad in [json.replacingOccurrences(of: #""state":"down""#, with: #""state":"dead""#),
                    json.replacingOccurrences(of: #""reason":"half-open""#, with: #""reason":"half_open""#)] {
            #expect(throws: DecodingError.self) { try ControlJSON.decode(PeerInfo.self, from: Array(bad.utf8)) }
        }
    }

    @Test("Daemon info writes a missing config path as null")
    func daemonInfoEncoding() {
        let info = DaemonInfo(startedUsec: 1, uptimeUsec: 2, configPath: nil, generation: 3, peers: 0, counts: .init())
        #expect(text(ControlJSON.encode(info)) == """
            {"config_path":null,"counts":{"connecting":0,"down":0,"suspect":0,"up":0},"generation":3,\
            "last_stall_usec":null,"peers":0,"protocol_version":2,"stalls":0,"started_usec":1,"uptime_usec":2,\
            "version":"\(ProductVersion.current)"}
            """)
    }

    @Test("Calls: more and oneway only when set")
    func callEncoding() {
        #expect(text(VarlinkMessage.call("org.keepalivemonitor.Monitor.Watch", more: true))
            == #"{"method":"org.keepalivemonitor.Monitor.Watch","more":true,"parameters":{}}"#)
        let name = PeerNameParameters(name: "db")
        let getPeer = VarlinkMessage.call("org.keepalivemonitor.Monitor.GetPeer", parameters: name)
        #expect(text(getPeer)
            == #"{"method":"org.keepalivemonitor.Monitor.GetPeer","parameters":{"name":"db"}}"#)
        #expect(text(VarlinkMessage.call("org.keepalivemonitor.Monitor.Reload", oneway: true))
            == #"{"method":"org.keepalivemonitor.Monitor.Reload","oneway":true,"parameters":{}}"#)
    }

    @Test("Replies: continues only when set")
    func replyEncoding() {
        #expect(text(VarlinkMessage.reply(NoParameters())) == #"{"parameters":{}}"#)
        #expect(text(VarlinkMessage.reply(InterfaceDescription(description: "x"), continues: true))
            == #"{"continues":true,"parameters":{"description":"x"}}"#)
    }

    @Test("Every error survives encoding and decoding", arguments: [
        VarlinkError.interfaceNotFound(interface: "a.b"), .methodNotFound(method: "a.b.C"),
        .methodNotImplemented(method: "a.b.D"), .invalidParameter(parameter: "name"), .expectedMore,
        .peerNotFound(name: "db"), .permissionDenied(method: "org.keepalivemonitor.Monitor.Reload", uid: 1000),
        .unknown(name: "com.example.Other.Broken"),
    ])
    func errorRoundTrip(error: VarlinkError) throws {
        #expect(try VarlinkMessage.decodeReply(VarlinkMessage.error(error), as: NoParameters.self) == .error(error))
    }

    @Test("An error reply with missing or mistyped parameters still says which error it is")
    func lenientErrors() throws {
        let reply = Array(#"{"error":"org.keepalivemonitor.Monitor.PermissionDenied","parameters":{"uid":"x"}}"#.utf8)
        #expect(try VarlinkMessage.decodeReply(reply, as: NoParameters.self)
            == .error(.permissionDenied(method: "", uid: .max)))
        let bare = Array(#"{"error":"org.keepalivemonitor.Monitor.PeerNotFound"}"#.utf8)
        #expect(try VarlinkMessage.decodeReply(bare, as: NoParameters.self) == .error(.peerNotFound(name: "")))
    }

    @Test("A reply that is not JSON or lacks its parameters is a decoding error", arguments: [
        "", "nonsense", "[]", #"{"continues":true}"#, #"{"parameters":{"peers":7}}"#,
    ])
    func badReplies(reply: String) {
        #expect(throws: VarlinkDecodingError.self) {
            try VarlinkMessage.decodeReply(Array(reply.utf8), as: ListPeersReply.self)
        }
    }

    @Test("A peer built from the core's status carries the daemon's wall-clock time and the endpoint's user timeout")
    func fromPeerStatus() {
        let endpoint = EndpointConfig(
            name: "db",
            address: EndpointAddress(host: "db.internal", port: 5432, kind: .dnsName),
            keepalive: KeepaliveSettings(idle: .seconds(10), interval: .seconds(5), count: 3),
            userTimeout: .seconds(25),
            connectTimeout: .seconds(5),
            reconnect: ReconnectPolicy(initial: .seconds(1), maximum: .seconds(30), jitter: 0))
        var machine = PeerStateMachine(endpoint: endpoint, at: MonotonicInstant(nanoseconds: 0))
        _ = machine.started(at: MonotonicInstant(nanoseconds: 0))
        _ = machine.connected(remoteAddress: "10.0.0.5:5432", at: MonotonicInstant(nanoseconds: 1_000_000))
        let sample = TCPInfoSnapshot(
            state: 1, probes: 2, backoff: 1, totalRetransmits: 4, unacked: 0,
            lastDataReceived: .milliseconds(20_500), lastAckReceived: .milliseconds(20_400),
            rtt: .microseconds(380), rttVariance: .microseconds(95))
        _ = machine.sampled(sample, at: MonotonicInstant(nanoseconds: 21_000_000_000))
        machine.received(bytes: 12)

        let peer = PeerInfo(PeerStatus(machine), sinceUsec: 1_795_293_785_000_000)
        #expect(peer == PeerInfo(
            name: "db",
            address: "db.internal:5432",
            resolvedAddress: "10.0.0.5:5432",
            state: .suspect,
            reason: nil,
            sinceUsec: 1_795_293_785_000_000,
            probesUnanswered: 1,  // first sighting of probe 2: only probe 1 is proven unanswered
            keepalive: .init(idleSec: 10, intervalSec: 5, count: 3, userTimeoutMs: 25000),
            tcpInfo: .init(
                state: "ESTABLISHED", probes: 2, backoff: 1, totalRetransmits: 4, unacked: 0,
                lastDataRecvMs: 20_500, lastAckRecvMs: 20_400, rttUs: 380, rttvarUs: 95),
            counters: .init(reconnects: 0, bytesReceived: 12, down: .init())))
    }

    @Test("Counts count peers by state")
    func counts() {
        let counts = DaemonInfo.Counts(SamplePeers.all + [SamplePeers.api])
        #expect(counts == .init(connecting: 1, up: 2, suspect: 1, down: 1))
    }
}
