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
        if let readable = Parameters.self as? any JSONReadable.Type,
            let reply: VarlinkReply<Parameters> = readReply(message, as: readable)
        {
            return reply
        }
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

    /// The reply as the one-pass reader alone reads it: nil where `decodeReply` would fall back to `JSONDecoder`
    /// (an error reply, anything the reader refuses, a type that does not read itself). For the fuzz target that
    /// holds the reader to `JSONDecoder`'s results.
    package static func readReplyWithoutFallback<Parameters: Decodable>(
        _ message: [UInt8],
        as type: Parameters.Type
    ) -> VarlinkReply<Parameters>? {
        guard let readable = Parameters.self as? any JSONReadable.Type else { return nil }
        return readReply(message, as: readable)
    }

    /// The parameters of a reply whose type reads itself, in one pass; nil for an error reply or anything the
    /// reader refuses, which `JSONDecoder` then decodes (or explains).
    private static func readReply<Parameters>(
        _ message: [UInt8],
        as type: any JSONReadable.Type
    ) -> VarlinkReply<Parameters>? {
        func read<Readable: JSONReadable>(_ type: Readable.Type) -> VarlinkReply<Parameters>? {
            var parameters: Readable?
            var continues: Bool??  // .some(nil): present as null
            var error: String??
            do {
                try JSONReader.read(message) { (json: inout JSONReader) throws(JSONReadError) in
                    try json.readObject { (json: inout JSONReader, key: JSONKey) throws(JSONReadError) in
                        switch key {
                        case "parameters" where (error ?? nil) == nil: try json.read(into: &parameters)
                        case "continues": try json.read(into: &continues)
                        case "error": try json.read(into: &error)
                        default: try json.skipValue()
                        }
                    }
                }
            } catch {
                return nil
            }
            guard (error ?? nil) == nil, let parameters else { return nil }
            // `Readable` is `Parameters`, opened from the existential.
            return .parameters(parameters as! Parameters, continues: (continues ?? nil) ?? false)
        }
        return read(type)
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

extension VarlinkMessage.Reply: JSONWritable where Parameters: JSONWritable {
    var jsonSizeEstimate: Int { 32 + parameters.jsonSizeEstimate }

    func write(to json: inout JSONWriter) {
        json.beginObject()
        if let continues { json.field("continues", continues) }
        json.field("parameters", parameters)
        json.endObject()
    }
}

extension VarlinkReply: Sendable where Parameters: Sendable {}
extension VarlinkReply: Equatable where Parameters: Equatable {}

/// A reply that is not valid JSON or does not have the expected fields.
public struct VarlinkDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}
