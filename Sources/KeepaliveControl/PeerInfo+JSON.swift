import KeepaliveCore

// The `Peer` type and the replies that carry it read and write their JSON by hand: ListPeers replies hold every
// peer. Field names and the rules for missing and null fields are those of the `Codable` conformances, which
// `JSONCodingTests` checks byte for byte against JSONEncoder and JSONDecoder.

extension PeerState: JSONWord {
    static var wordName: String { "state" }
}

extension DownReason: JSONWord {
    static var wordName: String { "reason" }
}

extension PeerInfo: JSONWritable, JSONReadable {
    /// Its required keys alone take more.
    static var minimumJSONSize: Int { 200 }

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("address", address)
        json.field("counters", counters)
        json.field("heartbeat_rtt_us", heartbeatRttUs)
        json.field("keepalive", keepalive)
        json.field("name", name)
        json.field("probes_unanswered", probesUnanswered)
        json.field("reason", reason?.rawValue)
        json.field("resolved_address", resolvedAddress)
        json.field("since_usec", sinceUsec)
        json.field("state", state.rawValue)
        json.field("tcp_info", tcpInfo)
        json.endObject()
    }

    init(from json: inout JSONReader) throws(JSONReadError) {
        var name: String?
        var address: String?
        var resolvedAddress: String??  // .some(nil): present as null
        var state: PeerState?
        var reason: DownReason??  // .some(nil): present as null
        var sinceUsec: Int64?
        var probesUnanswered: Int?
        var keepalive: Keepalive?
        var tcpInfo: TCPInfo??  // .some(nil): present as null
        var heartbeatRttUs: Int64??  // .some(nil): present as null
        var counters: Counters?
        try json.readObject { (json: inout JSONReader, key: JSONKey) throws(JSONReadError) in
            switch key {
            case "name": try json.read(into: &name)
            case "address": try json.read(into: &address)
            case "resolved_address": try json.read(into: &resolvedAddress)
            case "state": try json.read(into: &state)
            case "reason": try json.read(into: &reason)
            case "since_usec": try json.read(into: &sinceUsec)
            case "probes_unanswered": try json.read(into: &probesUnanswered)
            case "keepalive": try json.read(into: &keepalive)
            case "tcp_info": try json.read(into: &tcpInfo)
            case "counters": try json.read(into: &counters)
            case "heartbeat_rtt_us": try json.read(into: &heartbeatRttUs)
            default: try json.skipValue()
            }
        }
        self.init(
            name: try json.required(name, "name", of: "Peer"),
            address: try json.required(address, "address", of: "Peer"),
            resolvedAddress: resolvedAddress ?? nil,
            state: try json.required(state, "state", of: "Peer"),
            reason: reason ?? nil,
            sinceUsec: try json.required(sinceUsec, "since_usec", of: "Peer"),
            probesUnanswered: try json.required(probesUnanswered, "probes_unanswered", of: "Peer"),
            keepalive: try json.required(keepalive, "keepalive", of: "Peer"),
            tcpInfo: tcpInfo ?? nil,
            heartbeatRttUs: heartbeatRttUs ?? nil,
            counters: try json.required(counters, "counters", of: "Peer"))
    }
}

extension PeerInfo.Keepalive: JSONWritable, JSONReadable {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("count", count)
        json.field("idle_sec", idleSec)
        json.field("interval_sec", intervalSec)
        json.field("user_timeout_ms", userTimeoutMs)
        json.endObject()
    }

    init(from json: inout JSONReader) throws(JSONReadError) {
        var idleSec: Int?
        var intervalSec: Int?
        var count: Int?
        var userTimeoutMs: Int?
        try json.readObject { (json: inout JSONReader, key: JSONKey) throws(JSONReadError) in
            switch key {
            case "idle_sec": try json.read(into: &idleSec)
            case "interval_sec": try json.read(into: &intervalSec)
            case "count": try json.read(into: &count)
            case "user_timeout_ms": try json.read(into: &userTimeoutMs)
            default: try json.skipValue()
            }
        }
        self.init(
            idleSec: try json.required(idleSec, "idle_sec", of: "Keepalive"),
            intervalSec: try json.required(intervalSec, "interval_sec", of: "Keepalive"),
            count: try json.required(count, "count", of: "Keepalive"),
            userTimeoutMs: try json.required(userTimeoutMs, "user_timeout_ms", of: "Keepalive"))
    }
}

extension PeerInfo.TCPInfo: JSONWritable, JSONReadable {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("backoff", backoff)
        json.field("last_ack_recv_ms", lastAckRecvMs)
        json.field("last_data_recv_ms", lastDataRecvMs)
        json.field("probes", probes)
        json.field("rtt_us", rttUs)
        json.field("rttvar_us", rttvarUs)
        json.field("state", state)
        json.field("total_retransmits", totalRetransmits)
        json.field("unacked", unacked)
        json.endObject()
    }

    init(from json: inout JSONReader) throws(JSONReadError) {
        var state: String?
        var probes: Int?
        var backoff: Int?
        var totalRetransmits: Int?
        var unacked: Int?
        var lastDataRecvMs: Int64?
        var lastAckRecvMs: Int64?
        var rttUs: Int64?
        var rttvarUs: Int64?
        try json.readObject { (json: inout JSONReader, key: JSONKey) throws(JSONReadError) in
            switch key {
            case "state": try json.read(into: &state)
            case "probes": try json.read(into: &probes)
            case "backoff": try json.read(into: &backoff)
            case "total_retransmits": try json.read(into: &totalRetransmits)
            case "unacked": try json.read(into: &unacked)
            case "last_data_recv_ms": try json.read(into: &lastDataRecvMs)
            case "last_ack_recv_ms": try json.read(into: &lastAckRecvMs)
            case "rtt_us": try json.read(into: &rttUs)
            case "rttvar_us": try json.read(into: &rttvarUs)
            default: try json.skipValue()
            }
        }
        self.init(
            state: try json.required(state, "state", of: "TCPInfo"),
            probes: try json.required(probes, "probes", of: "TCPInfo"),
            backoff: try json.required(backoff, "backoff", of: "TCPInfo"),
            totalRetransmits: try json.required(totalRetransmits, "total_retransmits", of: "TCPInfo"),
            unacked: try json.required(unacked, "unacked", of: "TCPInfo"),
            lastDataRecvMs: try json.required(lastDataRecvMs, "last_data_recv_ms", of: "TCPInfo"),
            lastAckRecvMs: try json.required(lastAckRecvMs, "last_ack_recv_ms", of: "TCPInfo"),
            rttUs: try json.required(rttUs, "rtt_us", of: "TCPInfo"),
            rttvarUs: try json.required(rttvarUs, "rttvar_us", of: "TCPInfo"))
    }
}

extension PeerInfo.Counters: JSONWritable, JSONReadable {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("bytes_received", bytesReceived)
        json.field("down", down)
        json.field("reconnects", reconnects)
        json.endObject()
    }

    init(from json: inout JSONReader) throws(JSONReadError) {
        var reconnects: Int?
        var bytesReceived: Int?
        var down: PeerInfo.DownCounts?
        try json.readObject { (json: inout JSONReader, key: JSONKey) throws(JSONReadError) in
            switch key {
            case "reconnects": try json.read(into: &reconnects)
            case "bytes_received": try json.read(into: &bytesReceived)
            case "down": try json.read(into: &down)
            default: try json.skipValue()
            }
        }
        self.init(
            reconnects: try json.required(reconnects, "reconnects", of: "Counters"),
            bytesReceived: try json.required(bytesReceived, "bytes_received", of: "Counters"),
            down: try json.required(down, "down", of: "Counters"))
    }
}

extension PeerInfo.DownCounts: JSONWritable, JSONReadable {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("closed", closed)
        json.field("dns", dns)
        json.field("half_open", halfOpen)
        json.field("protocol", wrongReply)
        json.field("refused", refused)
        json.field("reset", reset)
        json.field("timeout", timeout)
        json.field("unreachable", unreachable)
        json.field("unresponsive", unresponsive)
        json.endObject()
    }

    init(from json: inout JSONReader) throws(JSONReadError) {
        var halfOpen: Int?
        var reset: Int?
        var closed: Int?
        var refused: Int?
        var unreachable: Int?
        var timeout: Int?
        var dns: Int?
        var unresponsive: Int?
        var wrongReply: Int?
        try json.readObject { (json: inout JSONReader, key: JSONKey) throws(JSONReadError) in
            switch key {
            case "half_open": try json.read(into: &halfOpen)
            case "reset": try json.read(into: &reset)
            case "closed": try json.read(into: &closed)
            case "refused": try json.read(into: &refused)
            case "unreachable": try json.read(into: &unreachable)
            case "timeout": try json.read(into: &timeout)
            case "dns": try json.read(into: &dns)
            case "unresponsive": try json.read(into: &unresponsive)
            case "protocol": try json.read(into: &wrongReply)
            default: try json.skipValue()
            }
        }
        self.init(
            halfOpen: try json.required(halfOpen, "half_open", of: "DownCounts"),
            reset: try json.required(reset, "reset", of: "DownCounts"),
            closed: try json.required(closed, "closed", of: "DownCounts"),
            refused: try json.required(refused, "refused", of: "DownCounts"),
            unreachable: try json.required(unreachable, "unreachable", of: "DownCounts"),
            timeout: try json.required(timeout, "timeout", of: "DownCounts"),
            dns: try json.required(dns, "dns", of: "DownCounts"),
            // Added in protocol 2: a daemon of protocol 1 leaves them out.
            unresponsive: unresponsive ?? 0,
            wrongReply: wrongReply ?? 0)
    }
}

extension ListPeersReply: JSONWritable, JSONReadable {
    /// A peer with TCP_INFO and an IPv4 address is about 540 bytes.
    var jsonSizeEstimate: Int { 16 + peers.count * 640 }

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("peers", peers)
        json.endObject()
    }

    init(from json: inout JSONReader) throws(JSONReadError) {
        var peers: [PeerInfo]?
        try json.readObject { (json: inout JSONReader, key: JSONKey) throws(JSONReadError) in
            switch key {
            case "peers": try json.read(into: &peers)
            default: try json.skipValue()
            }
        }
        self.init(peers: try json.required(peers, "peers", of: "ListPeers reply"))
    }
}

extension GetPeerReply: JSONWritable, JSONReadable {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("peer", peer)
        json.endObject()
    }

    init(from json: inout JSONReader) throws(JSONReadError) {
        var peer: PeerInfo?
        try json.readObject { (json: inout JSONReader, key: JSONKey) throws(JSONReadError) in
            switch key {
            case "peer": try json.read(into: &peer)
            default: try json.skipValue()
            }
        }
        self.init(peer: try json.required(peer, "peer", of: "GetPeer reply"))
    }
}

extension WatchReply: JSONWritable, JSONReadable {
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("initial", initial)
        json.field("peer", peer)
        json.endObject()
    }

    init(from json: inout JSONReader) throws(JSONReadError) {
        var peer: PeerInfo?
        var initial: Bool?
        try json.readObject { (json: inout JSONReader, key: JSONKey) throws(JSONReadError) in
            switch key {
            case "peer": try json.read(into: &peer)
            case "initial": try json.read(into: &initial)
            default: try json.skipValue()
            }
        }
        self.init(
            peer: try json.required(peer, "peer", of: "Watch reply"),
            initial: try json.required(initial, "initial", of: "Watch reply"))
    }
}
