/// A call that passed every check, ready to run.
enum ControlRequest: Hashable, Sendable {
    case getInfo
    case getInterfaceDescription(interface: String)
    case listPeers
    case getPeer(name: String)
    case watch
    case reload
    case reconnect(name: String)
    case getDaemonInfo

    /// Checks `call` in a fixed order — interface, method, parameters, permission — and throws the first
    /// problem, so that the same bad call always gets the same error. (JSON and the envelope were checked when
    /// the call was parsed.)
    init(_ call: VarlinkCall, caller: CallerCredentials, privilegedUIDs: Set<UInt32>) throws(VarlinkError) {
        let interface: Substring
        let member: Substring
        if let dot = call.method.lastIndex(of: ".") {
            interface = call.method[..<dot]
            member = call.method[call.method.index(after: dot)...]
        } else {
            interface = ""
            member = Substring(call.method)
        }
        switch interface {
        case ServiceInterface.name[...]:
            guard let method = ServiceInterface.Method(rawValue: String(member)) else {
                throw .methodNotFound(method: call.method)
            }
            if call.upgrade { throw .invalidParameter(parameter: "upgrade") }
            switch method {
            case .getInfo: self = .getInfo
            case .getInterfaceDescription: self = .getInterfaceDescription(interface: try call.string("interface"))
            }
        case MonitorInterface.name[...]:
            guard let method = MonitorInterface.Method(rawValue: String(member)) else {
                throw .methodNotFound(method: call.method)
            }
            if call.upgrade { throw .invalidParameter(parameter: "upgrade") }
            if method == .watch && !call.more { throw .expectedMore }
            switch method {
            case .listPeers: self = .listPeers
            case .getPeer: self = .getPeer(name: try call.string("name"))
            case .watch: self = .watch
            case .reload: self = .reload
            case .reconnect: self = .reconnect(name: try call.string("name"))
            case .getDaemonInfo: self = .getDaemonInfo
            }
            if method.isPrivileged && !privilegedUIDs.contains(caller.uid) {
                throw .permissionDenied(method: method.qualifiedName, uid: caller.uid)
            }
        default:
            throw .interfaceNotFound(interface: String(interface))
        }
    }
}
