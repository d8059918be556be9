import KeepaliveCore

// The `Peer` type and the replies that carry it read and write their JSON by hand: ListPeers replies hold every
// peer. Field names and the rules for missing and null fields are those of the `Codable` conformances, which
// `JSONCodingTests` checks byte for byte against JSONEncoder and JSONDecoder.

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
            case "name":
                try json.refuseRepeated(name)
                name = try json.readString()
            case "address":
                try json.refuseRepeated(address)
                address = try json.readString()
            case "resolved_address":
                try json.refuseRepeated(resolvedAddress)
                resolvedAddress = try .some(json.readNull() ? nil : json.readString())
            case "state":
                try json.refuseRepeated(state)
                let word = try json.readString()
                guard let known = PeerState(rawValue: word) else { throw json.failure("unknown state \"\(word)\"") }
                state = known
            case "reason":
                try json.refuseRepeated(reason)
                if try json.readNull() {
                    reason = .some(nil)
                } else {
                    let word = try json.readString()
                    guard let known = DownReason(rawValue: word) else {
                        throw json.failure("unknown reason \"\(word)\"")
                    }
                    reason = .some(known)
                }
            case "since_usec":
                try json.refuseRepeated(sinceUsec)
                sinceUsec = try json.readInt64()
            case "probes_unanswered":
                try json.refuseRepeated(probesUnanswered)
                probesUnanswered = try json.readInt()
            case "keepalive":
                try json.refuseRepeated(keepalive)
                keepalive = try Keepalive(from: &json)
            case "tcp_info":
                try json.refuseRepeated(tcpInfo)
                tcpInfo = try .some(json.readNull() ? nil : TCPInfo(from: &json))
            case "counters":
                try json.refuseRepeated(counters)
                counters = try Counters(from: &json)
            case "heartbeat_rtt_us":
                try json.refuseRepeated(heartbeatRttUs)
                heartbeatRttUs = try .some(json.readNull() ? nil : json.readInt64())
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
            case "idle_sec":
                try json.refuseRepeated(idleSec)
                idleSec = try json.readInt()
            case "interval_sec":
                try json.refuseRepeated(intervalSec)
                intervalSec = try json.readInt()
            case "count":
                try json.refuseRepeated(count)
                count = try json.readInt()
            case "user_timeout_ms":
                try json.refuseRepeated(userTimeoutMs)
                userTimeoutMs = try json.readInt()
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
            case "state":
                try json.refuseRepeated(state)
                state = try json.readString()
            case "probes":
                try json.refuseRepeated(probes)
                probes = try json.readInt()
            case "backoff":
                try json.refuseRepeated(backoff)
                backoff = try json.readInt()
            case "total_retransmits":
                try json.refuseRepeated(totalRetransmits)
                totalRetransmits = try json.readInt()
            case "unacked":
                try json.refuseRepeated(unacked)
                unacked = try json.readInt()
            case "last_data_recv_ms":
                try json.refuseRepeated(lastDataRecvMs)
                lastDataRecvMs = try json.readInt64()
            case "last_ack_recv_ms":
                try json.refuseRepeated(lastAckRecvMs)
                lastAckRecvMs = try json.readInt64()
            case "rtt_us":
                try json.refuseRepeated(rttUs)
                rttUs = try json.readInt64()
            case "rttvar_us":
                try json.refuseRepeated(rttvarUs)
                rttvarUs = try json.readInt64()
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
            case "reconnects":
                try json.refuseRepeated(reconnects)
                reconnects = try json.readInt()
            case "bytes_received":
                try json.refuseRepeated(bytesReceived)
                bytesReceived = try json.readInt()
            case "down":
                try json.refuseRepeated(down)
                down = try PeerInfo.DownCounts(from: &json)
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
            case "half_open":
                try json.refuseRepeated(halfOpen)
                halfOpen = try json.readInt()
            case "reset":
                try json.refuseRepeated(reset)
                reset = try json.readInt()
            case "closed":
                try json.refuseRepeated(closed)
                closed = try json.readInt()
            case "refused":
                try json.refuseRepeated(refused)
                refused = try json.readInt()
            case "unreachable":
                try json.refuseRepeated(unreachable)
                unreachable = try json.readInt()
            case "timeout":
                try json.refuseRepeated(timeout)
                timeout = try json.readInt()
            case "dns":
                try json.refuseRepeated(dns)
                dns = try json.readInt()
            case "unresponsive":
                try json.refuseRepeated(unresponsive)
                unresponsive = try json.readInt()
            case "protocol":
                try json.refuseRepeated(wrongReply)
                wrongReply = try json.readInt()
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
            case "peers":
                try json.refuseRepeated(peers)
                peers = try json.readArray(of: PeerInfo.self)
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
            case "peer":
                try json.refuseRepeated(peer)
                peer = try PeerInfo(from: &json)
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
            case "peer":
                try json.refuseRepeated(peer)
                peer = try PeerInfo(from: &json)
            case "initial":
                try json.refuseRepeated(initial)
                initial = try json.readBool()
            default: try json.skipValue()
            }
        }
        self.init(
            peer: try json.required(peer, "peer", of: "Watch reply"),
            initial: try json.required(initial, "initial", of: "Watch reply"))
    }
}

extension JSONReader {
    /// `value`, or an error naming the field that the object lacked.
    fileprivate func required<Value>(_ value: Value?, _ key: StaticString, of type: String) throws(JSONReadError)
        -> Value
    {
        guard let value else { throw failure("\(type) has no field \"\(key)\"") }
        return value
    }
}
