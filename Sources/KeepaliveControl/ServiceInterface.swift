import KeepaliveCore

/// `org.varlink.service`, which every varlink service implements so that any client can introspect it
/// (https://varlink.org/Service).
public enum ServiceInterface {
    public static let name = "org.varlink.service"

    public enum Method: String, Sendable, CaseIterable {
        case getInfo = "GetInfo"
        case getInterfaceDescription = "GetInterfaceDescription"

        public var qualifiedName: String { "\(ServiceInterface.name).\(rawValue)" }
    }

    /// What `GetInfo` answers.
    public static let info = ServiceInfo(
        vendor: "keepalive-monitor",
        product: "keepalive-monitor",
        version: ProductVersion.current,
        url: "man:keepalivectl(1)",
        interfaces: [name, MonitorInterface.name]
    )

    /// The definition of every interface the service implements, by name.
    public static let definitions: [String: String] = [
        name: definition,
        MonitorInterface.name: MonitorInterface.definition,
    ]

    /// The standard definition, with the errors added by the varlink specification after its first version.
    public static let definition = """
        # The Varlink Service Interface is provided by every varlink service. It
        # describes the service and the interfaces it implements.
        interface org.varlink.service

        # Get a list of all the interfaces a service provides and information
        # about the implementation.
        method GetInfo() -> (
          vendor: string,
          product: string,
          version: string,
          url: string,
          interfaces: []string
        )

        # Get the description of an interface that is implemented by this service.
        method GetInterfaceDescription(interface: string) -> (description: string)

        # The requested interface was not found.
        error InterfaceNotFound (interface: string)

        # The requested method was not found
        error MethodNotFound (method: string)

        # The interface defines the requested method, but the service does not
        # implement it.
        error MethodNotImplemented (method: string)

        # One of the passed parameters is invalid.
        error InvalidParameter (parameter: string)

        # Client is denied access
        error PermissionDenied ()

        # Method is expected to be called with 'more' set to true, but wasn't
        error ExpectedMore ()

        """
}

/// The reply of `org.varlink.service.GetInfo`.
public struct ServiceInfo: Hashable, Sendable, Codable {
    public var vendor: String
    public var product: String
    public var version: String
    public var url: String
    public var interfaces: [String]

    public init(vendor: String, product: String, version: String, url: String, interfaces: [String]) {
        self.vendor = vendor
        self.product = product
        self.version = version
        self.url = url
        self.interfaces = interfaces
    }
}

/// The reply of `org.varlink.service.GetInterfaceDescription`.
public struct InterfaceDescription: Hashable, Sendable, Codable {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}
