import Glibc

/// Where an upstream listens, as configured: `host:port`, `[v6addr]:port` or `dns.name:port`.
public struct EndpointAddress: Hashable, Sendable, CustomStringConvertible {
    /// What kind of host the operator wrote; DNS names are resolved again on every reconnect.
    public enum HostKind: String, Hashable, Sendable {
        case ipv4
        case ipv6
        case dnsName = "dns"
    }

    public var host: String
    public var port: Int
    public var kind: HostKind

    public init(host: String, port: Int, kind: HostKind) {
        self.host = host
        self.port = port
        self.kind = kind
    }

    /// The address as an operator writes it, with brackets around IPv6 literals.
    public var description: String { kind == .ipv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `text`, or throws a sentence saying what was expected.
    public static func parse(_ text: String) throws(AddressError) -> EndpointAddress {
        let hostPart: Substring
        let portPart: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw AddressError(message: "\"\(text)\" opens \"[\" for an IPv6 address but never closes it")
            }
            hostPart = text[text.index(after: text.startIndex)..<close]
            let afterBracket = text[text.index(after: close)...]
            guard afterBracket.hasPrefix(":") else {
                throw AddressError(message: "expected \":PORT\" after \"]\" in \"\(text)\"")
            }
            portPart = afterBracket.dropFirst()
            guard isIPv6(hostPart) else {
                throw AddressError(message: "\"\(hostPart)\" inside brackets is not an IPv6 address")
            }
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw AddressError(message: "expected HOST:PORT such as \"10.0.0.5:5432\", found \"\(text)\"")
            }
            hostPart = text[..<colon]
            portPart = text[text.index(after: colon)...]
            if hostPart.contains(":") {
                throw AddressError(message: "write IPv6 addresses in brackets: \"[\(hostPart)]:\(portPart)\"")
            }
        }
        guard !portPart.isEmpty, portPart.allSatisfy({ $0.isASCII && $0.isNumber }), portPart.count <= 5,
              let port = Int(portPart), (1...65535).contains(port)
        else {
            throw AddressError(message: "port \"\(portPart)\" in \"\(text)\" is not a number from 1 to 65535")
        }
        guard !hostPart.isEmpty else {
            throw AddressError(message: "\"\(text)\" has no host before the port")
        }
        let kind: HostKind
        if text.hasPrefix("[") {
            kind = .ipv6
        } else if isIPv4(hostPart) {
            kind = .ipv4
        } else if isDNSName(hostPart) {
            kind = .dnsName
        } else {
            throw AddressError(message: "\"\(hostPart)\" is neither an IPv4 address nor a DNS name")
        }
        return EndpointAddress(host: String(hostPart), port: port, kind: kind)
    }

    /// Dotted-quad decimal, as `inet_pton(AF_INET)` accepts it and so as the connect will: no leading zeros
    /// ("10.0.0.03" would otherwise pass here and then fail every connect), no shorter forms.
    private static func isIPv4(_ text: Substring) -> Bool {
        var address = in_addr()
        return inet_pton(AF_INET, String(text), &address) == 1
    }

    /// RFC 4291 text form, as `inet_pton(AF_INET6)` accepts it (no zone: the connect could not use one).
    private static func isIPv6(_ text: Substring) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET6, String(text), &address) == 1
    }

    private static func isDNSName(_ text: Substring) -> Bool {
        guard text.count <= 253, !text.allSatisfy({ $0.isNumber || $0 == "." }) else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" || $0 == "_" }
        }
    }
}

/// Why an address could not be read.
public struct AddressError: Error, Hashable, Sendable {
    public var message: String
}
