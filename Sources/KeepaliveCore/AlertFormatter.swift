/// Turns peer events into alerts an operator understands at 3 a.m.: which peer, what happened, and what the
/// kernel saw (probe counts, time since the last ACK, the errno).
public enum AlertFormatter {
    public static func alert(for event: PeerReport) -> Alert {
        var fields = commonFields(event)
        let who = "\(event.peer) (\(event.address))"
        switch event.kind {
        case .connected:
            return Alert(
                priority: .info, messageID: .peerConnected,
                message: "\(who) is up: connected\(via(event)), keepalive \(event.keepalive.shorthand).",
                fields: fields)
        case .suspect:
            let kernel = kernelSaw(event)
            return Alert(
                priority: .warning, messageID: .peerSuspect,
                message: "\(who) is suspect: \(kernel).",
                fields: fields)
        case .down:
            let failure = event.failure ?? PeerFailure(reason: .closed)
            addFailure(failure, to: &fields)
            return Alert(
                priority: .err, messageID: .peerDown,
                message: "\(who) is down (\(failure.reason.rawValue)): \(explanation(failure, event)).",
                fields: fields)
        case .recovered:
            if let outage = event.outage {
                fields["OUTAGE_USEC"] = String(outage.microseconds)
            }
            if let failure = event.failure {
                fields["PEER_REASON"] = failure.reason.rawValue
            }
            let span = event.outage.map(DurationText.humanReadable) ?? "a while"
            let message: String
            if case .suspect(let probes) = event.previous {
                message = "\(who) is up again: it answered keepalive after \(span) suspect "
                    + "(\(probes) of \(event.keepalive.count) probes had gone unanswered)."
            } else {
                let reason = event.failure.map { " (\($0.reason.rawValue))" } ?? ""
                message = "\(who) is up again after \(span) down\(reason): reconnected\(via(event))."
            }
            return Alert(priority: .notice, messageID: .peerRecovered, message: message, fields: fields)
        case .reconnectFailed(let attempt):
            if let failure = event.failure {
                fields["PEER_REASON"] = failure.reason.rawValue
            }
            fields["CONNECT_RESULT"] = attempt.reason.rawValue
            if let errno = attempt.errno {
                fields["ERRNO"] = String(errno)
            }
            let since = event.failure.map { " (\($0.reason.rawValue))" } ?? ""
            return Alert(
                priority: .warning, messageID: .peerReconnectFailed,
                message: "\(who) is still down\(since); reconnect now fails: \(explanation(attempt, event)).",
                fields: fields)
        }
    }

    private static func commonFields(_ event: PeerReport) -> [String: String] {
        var fields: [String: String] = [
            "PEER": event.peer,
            "PEER_ADDRESS": event.address.description,
            "PEER_STATE": event.verdict.state.rawValue,
            "TCP_KEEPALIVE": event.keepalive.shorthand,
            "TCP_PROBES": String(event.unansweredProbes),
        ]
        if let reason = event.verdict.reason {
            fields["PEER_REASON"] = reason.rawValue
        }
        if let remote = event.remoteAddress {
            fields["PEER_REMOTE"] = remote
        }
        if let evidence = event.evidence {
            fields["TCP_LAST_ACK_MSEC"] = String(evidence.lastAckReceived.milliseconds)
            fields["TCP_RTT_USEC"] = String(evidence.rtt.microseconds)
            fields["TCP_STATE"] = evidence.stateName
        }
        return fields
    }

    private static func addFailure(_ failure: PeerFailure, to fields: inout [String: String]) {
        fields["PEER_REASON"] = failure.reason.rawValue
        if let errno = failure.errno {
            fields["ERRNO"] = String(errno)
        }
    }

    private static func via(_ event: PeerReport) -> String {
        guard let remote = event.remoteAddress, remote != event.address.description else { return "" }
        return " to \(remote)"
    }

    /// "2 of 3 keepalive probes unanswered, nothing heard for 7.1 s (last ACK)".
    private static func kernelSaw(_ event: PeerReport) -> String {
        var parts = ["\(event.unansweredProbes) of \(event.keepalive.count) keepalive probes unanswered"]
        if let evidence = event.evidence {
            parts.append("last ACK \(DurationText.humanReadable(evidence.lastAckReceived)) ago")
        }
        return parts.joined(separator: ", ")
    }

    private static func errnoText(_ failure: PeerFailure) -> String {
        failure.errno.map { " (\(ErrnoClassifier.name($0)))" } ?? ""
    }

    private static func explanation(_ failure: PeerFailure, _ event: PeerReport) -> String {
        let detail = failure.detail.map { ": \($0)" } ?? ""
        switch failure.reason {
        case .halfOpen:
            return "\(kernelSaw(event)); the kernel gave up\(errnoText(failure)), "
                + "the peer vanished without a word"
        case .reset:
            return "the peer answered with RST\(errnoText(failure)); it may have rebooted or dropped the connection"
        case .closed:
            return "the peer closed the connection (FIN)"
        case .refused:
            return "connect refused\(errnoText(failure)); the host answers but nothing listens on port \(event.address.port)"
        case .unreachable:
            if let errno = failure.errno, ErrnoClassifier.isLocal(errno) {
                let limit = failure.detail.map { ": \($0)" } ?? ""
                return "this host could not open the connection\(errnoText(failure))\(limit); the peer was never "
                    + "asked: raise the daemon's descriptor limit (LimitNOFILE=) or free local resources"
            }
            return "connect failed\(errnoText(failure)); no route to the host, or a firewall rejects it\(detail)"
        case .timeout:
            return "connect got no answer\(errnoText(failure))" + (failure.detail.map { " \($0)" } ?? "")
        case .dns:
            return "\(event.address.host) did not resolve\(detail)"
        case .unresponsive:
            let why = failure.detail.map { " (\($0))" } ?? ""
            return "its application did not answer the heartbeat\(why): the host is up but the service hangs"
        case .wrongReply:
            return "the heartbeat reply was not the expected one\(detail)"
        }
    }
}
