/// An error reply: the standard errors of `org.varlink.service` and those of `org.keepalivemonitor.Monitor`.
public enum VarlinkError: Error, Hashable, Sendable {
    case interfaceNotFound(interface: String)
    case methodNotFound(method: String)
    case methodNotImplemented(method: String)
    /// `parameter` names the offending field; `""` means the message as a whole (it was not a JSON object).
    case invalidParameter(parameter: String)
    /// The method streams its replies and must be called with `more`.
    case expectedMore
    case peerNotFound(name: String)
    /// `method` is the qualified name of the refused method; `uid` the caller's.
    case permissionDenied(method: String, uid: UInt32)
    /// An error this version does not know (a newer daemon's), by its qualified name.
    case unknown(name: String)

    /// The qualified error name, as in the reply's `error` field.
    public var name: String {
        switch self {
        case .interfaceNotFound: "\(ServiceInterface.name).InterfaceNotFound"
        case .methodNotFound: "\(ServiceInterface.name).MethodNotFound"
        case .methodNotImplemented: "\(ServiceInterface.name).MethodNotImplemented"
        case .invalidParameter: "\(ServiceInterface.name).InvalidParameter"
        case .expectedMore: "\(ServiceInterface.name).ExpectedMore"
        case .peerNotFound: MonitorInterface.ErrorName.peerNotFound.qualifiedName
        case .permissionDenied: MonitorInterface.ErrorName.permissionDenied.qualifiedName
        case .unknown(let name): name
        }
    }
}

/// The `{"error": …, "parameters": …}` reply.
struct VarlinkErrorReply: Codable {
    var error: VarlinkError

    init(_ error: VarlinkError) {
        self.error = error
    }

    private enum Keys: String, CodingKey {
        case error, parameters
    }

    private enum ParameterKeys: String, CodingKey {
        case interface, method, parameter, name, uid
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(error.name, forKey: .error)
        var parameters = container.nestedContainer(keyedBy: ParameterKeys.self, forKey: .parameters)
        switch error {
        case .interfaceNotFound(let interface):
            try parameters.encode(interface, forKey: .interface)
        case .methodNotFound(let method), .methodNotImplemented(let method):
            try parameters.encode(method, forKey: .method)
        case .invalidParameter(let parameter):
            try parameters.encode(parameter, forKey: .parameter)
        case .peerNotFound(let name):
            try parameters.encode(name, forKey: .name)
        case .permissionDenied(let method, let uid):
            try parameters.encode(method, forKey: .method)
            try parameters.encode(uid, forKey: .uid)
        case .expectedMore, .unknown:
            break
        }
    }

    /// Lenient: a known error whose parameters are missing or of the wrong type still decodes, with empty values,
    /// so that a client can always say which error it got.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let name = try container.decode(String.self, forKey: .error)
        let parameters = try? container.nestedContainer(keyedBy: ParameterKeys.self, forKey: .parameters)
        func string(_ key: ParameterKeys) -> String {
            (try? parameters?.decodeIfPresent(String.self, forKey: key)) ?? ""
        }
        switch name {
        case VarlinkError.interfaceNotFound(interface: "").name:
            error = .interfaceNotFound(interface: string(.interface))
        case VarlinkError.methodNotFound(method: "").name:
            error = .methodNotFound(method: string(.method))
        case VarlinkError.methodNotImplemented(method: "").name:
            error = .methodNotImplemented(method: string(.method))
        case VarlinkError.invalidParameter(parameter: "").name:
            error = .invalidParameter(parameter: string(.parameter))
        case VarlinkError.expectedMore.name:
            error = .expectedMore
        case VarlinkError.peerNotFound(name: "").name:
            error = .peerNotFound(name: string(.name))
        case VarlinkError.permissionDenied(method: "", uid: 0).name:
            let uid = (try? parameters?.decodeIfPresent(UInt32.self, forKey: .uid)) ?? .max
            error = .permissionDenied(method: string(.method), uid: uid)
        default:
            error = .unknown(name: name)
        }
    }
}
