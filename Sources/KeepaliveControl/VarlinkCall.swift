#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A call whose envelope has been checked: `method` is a string and the flags are booleans. Parameters are read
/// one level deep, as deep as any method's go, so decoding never walks into what a client nests inside them.
struct VarlinkCall: Sendable {
    var method: String
    var parameters: [String: ParameterValue]
    var more: Bool
    var oneway: Bool
    var upgrade: Bool

    /// Checks the message as JSON (UTF-8 included), then the envelope; the error names the field that is wrong,
    /// or "" for a message that is not a JSON object.
    init(parsing message: [UInt8]) throws(VarlinkError) {
        // JSON text is UTF-8. JSONDecoder checks a string only when it is decoded as one, so a broken sequence in a
        // parameter no method reads passed, and a `oneway` message that is not JSON went unanswered.
        guard String(validating: message, as: UTF8.self) != nil,
            let fields = try? JSONDecoder().decode([String: EnvelopeValue].self, from: Data(message)) else {
            throw .invalidParameter(parameter: "")
        }
        guard case .value(.string(let method))? = fields["method"] else {
            throw .invalidParameter(parameter: "method")
        }
        switch fields["parameters"] {
        case nil, .value(.null)?: parameters = [:]
        case .object(let object)?: parameters = object
        default: throw .invalidParameter(parameter: "parameters")
        }
        func flag(_ name: String) throws(VarlinkError) -> Bool {
            switch fields[name] {
            case nil, .value(.null)?: return false
            case .value(.bool(let value))?: return value
            default: throw .invalidParameter(parameter: name)
            }
        }
        self.method = method
        more = try flag("more")
        oneway = try flag("oneway")
        upgrade = try flag("upgrade")
    }

    /// The string parameter `name`, which the method requires.
    func string(_ name: String) throws(VarlinkError) -> String {
        guard case .string(let value) = parameters[name] else {
            throw .invalidParameter(parameter: name)
        }
        return value
    }
}

/// A parameter's value, as far as the methods care: arrays and objects are told apart from scalars, not read.
enum ParameterValue: Hashable, Sendable, Decodable {
    case null
    case bool(Bool)
    case string(String)
    case number
    case composite

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if (try? container.decode(Double.self)) != nil {
            self = .number
        } else {
            self = .composite
        }
    }
}

/// A field of the call object: a value, or (for `parameters`) an object of values.
enum EnvelopeValue: Hashable, Sendable, Decodable {
    case value(ParameterValue)
    case object([String: ParameterValue])

    init(from decoder: any Decoder) throws {
        if let object = try? [String: ParameterValue](from: decoder) {
            self = .object(object)
        } else {
            self = .value(try ParameterValue(from: decoder))
        }
    }
}
