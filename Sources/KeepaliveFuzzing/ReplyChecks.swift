import KeepaliveControl

/// What every set of replies to one message must look like, judged from the message and the replies as
/// `JSONDecoder` reads them, not from the dispatcher's own parsing.
enum ReplyChecks {
    static let errorNames: Set<String> = [
        "org.varlink.service.InterfaceNotFound", "org.varlink.service.MethodNotFound",
        "org.varlink.service.MethodNotImplemented", "org.varlink.service.InvalidParameter",
        "org.varlink.service.ExpectedMore", "org.keepalivemonitor.Monitor.PeerNotFound",
        "org.keepalivemonitor.Monitor.PermissionDenied",
    ]
    static let privilegedMethods: Set<String> = [
        "org.keepalivemonitor.Monitor.Reload", "org.keepalivemonitor.Monitor.Reconnect",
    ]

    static func check(_ replies: [[UInt8]], to message: [UInt8], privileged: Bool, _ log: inout InvariantLog) {
        let call = JSONValue.object(message)
        var method: String?
        if case .string(let name)? = call?["method"] { method = name }
        let oneway = call?["oneway"] == .bool(true)
        if replies.isEmpty {
            log.check(oneway, "no reply to a call that is not oneway")
            return
        }
        var errors: [String?] = []
        for reply in replies {
            guard let object = JSONValue.object(reply) else {
                log.check(false, "a reply is not a JSON object")
                continue
            }
            let continues = object["continues"] == .bool(true)
            switch (object["error"], object["parameters"]) {
            case (.string(let name)?, _):
                log.check(errorNames.contains(name), "unknown error \(name)")
                log.check(!continues, "an error reply continues")
                errors.append(name)
            case (nil, .object?):
                log.check(replies.count == 1 || continues, "one of several replies does not continue")
                errors.append(nil)
            default:
                log.check(false, "a reply has neither an error name nor parameters")
            }
        }
        if replies.count > 1 {
            log.check(method == "org.keepalivemonitor.Monitor.Watch", "several replies to \(method ?? "a non-call")")
            log.check(!errors.contains { $0 != nil }, "an error inside a reply stream")
        }
        if let method, privilegedMethods.contains(method), !privileged {
            log.check(errors.allSatisfy { $0 != nil }, "\(method) succeeded for an unprivileged caller")
        }
    }
}
