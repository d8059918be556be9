/// Encodes calls and replies and decodes replies: each message is a JSON object; on the wire it is followed by a
/// NUL byte, which the transport adds (and `VarlinkFrameDecoder` removes).
public enum VarlinkMessage {
    /// A call of `method` (qualified: `org.keepalivemonitor.Monitor.GetPeer`) with `parameters`.
    public static func call<Parameters: Encodable>(
        _ method: String,
        parameters: Parameters,
        more: Bool = false,
        oneway: Bool = false
    ) -> [UInt8] {
        // Flags that are off are left out, as varlink clients usually do.
        ControlJSON.encode(
            Call(method: method, parameters: parameters, more: more ? true : nil, oneway: oneway ? true : nil))
    }

    /// A call without parameters.
    public static func call(_ method: String, more: Bool = false, oneway: Bool = false) -> [UInt8] {
        call(method, parameters: NoParameters(), more: more, oneway: oneway)
    }

    /// A reply carrying `parameters`; `continues` when more replies to the same call follow.
    public static func reply<Parameters: Encodable>(_ parameters: Parameters, continues: Bool = false) -> [UInt8] {
        ControlJSON.encode(Reply(parameters: parameters, continues: continues ? true : nil))
    }

    /// An error reply.
    public static func error(_ error: VarlinkError) -> [UInt8] {
        ControlJSON.encode(VarlinkErrorReply(error))
    }

    /// Reads a reply whose parameters are a `Parameters`, or the error the service answered instead.
    public static func decodeReply<Parameters: Decodable>(
        _ message: [UInt8],
        as type: Parameters.Type
    ) throws(VarlinkDecodingError) -> VarlinkReply<Parameters> {
        do {
            let head = try ControlJSON.decode(ReplyHead.self, from: message)
            if head.error != nil {
                return .error(try ControlJSON.decode(VarlinkErrorReply.self, from: message).error)
            }
            let reply = try ControlJSON.decode(Reply<Parameters>.self, from: message)
            return .parameters(reply.parameters, continues: reply.continues ?? false)
        } catch {
            throw VarlinkDecodingError(description: "\(error)")
        }
    }

    private struct Call<Parameters: Encodable>: Encodable {
        var method: String
        var parameters: Parameters
        var more: Bool?
        var oneway: Bool?
    }

    fileprivate struct Reply<Parameters> {
        var parameters: Parameters
        var continues: Bool?
    }

    private struct ReplyHead: Decodable {
        var error: String?
    }
}

/// A decoded reply.
public enum VarlinkReply<Parameters> {
    case parameters(Parameters, continues: Bool)
    case error(VarlinkError)
}

extension VarlinkMessage.Reply: Encodable where Parameters: Encodable {}
extension VarlinkMessage.Reply: Decodable where Parameters: Decodable {}

extension VarlinkReply: Sendable where Parameters: Sendable {}
extension VarlinkReply: Equatable where Parameters: Equatable {}

/// A reply that is not valid JSON or does not have the expected fields.
public struct VarlinkDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}
