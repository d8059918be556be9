#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import KeepaliveControl

/// The hand-written JSON reader's fuzz target, a differential one: the bytes of a reply in, read as each peer
/// reply (`ListPeers`, `GetPeer`, `Watch`) by the one-pass reader alone and by `JSONDecoder` through the types'
/// `Decodable` conformances.
///
/// Invariant: whenever the reader accepts, `JSONDecoder` accepts too and reads the same parameters and the same
/// `continues`. (The reader may refuse what `JSONDecoder` takes — an integer written `1.0` — since keepalivectl
/// then falls back to `JSONDecoder`.)
public enum JSONReaderFuzzTarget {
    /// What each reader made of the bytes, per reply type.
    public struct Outcome: Hashable, Sendable {
        public var listPeers: Agreement
        public var getPeer: Agreement
        public var watch: Agreement
    }

    /// Whether each reader accepted the bytes as one reply type.
    public struct Agreement: Hashable, Sendable {
        public var reader: Bool
        public var decoder: Bool

        public init(reader: Bool, decoder: Bool) {
            self.reader = reader
            self.decoder = decoder
        }
    }

    public static func run(_ input: [UInt8]) -> FuzzRun<Outcome> {
        var log = InvariantLog()
        let outcome = Outcome(
            listPeers: compare(input, as: ListPeersReply.self, &log),
            getPeer: compare(input, as: GetPeerReply.self, &log),
            watch: compare(input, as: WatchReply.self, &log))
        return log.run(outcome)
    }

    private static func compare<Parameters: Decodable & Equatable>(
        _ message: [UInt8],
        as type: Parameters.Type,
        _ log: inout InvariantLog
    ) -> Agreement {
        let read = VarlinkMessage.readReplyWithoutFallback(message, as: type)
        let decoded = try? JSONDecoder().decode(Envelope<Parameters>.self, from: Data(message))
        let decodedReply = decoded.flatMap { envelope -> (Parameters, Bool)? in
            guard envelope.error == nil, let parameters = envelope.parameters else { return nil }
            return (parameters, envelope.continues ?? false)
        }
        if case .parameters(let parameters, let continues)? = read {
            if let (expected, expectedContinues) = decodedReply {
                log.check(parameters == expected, "\(type): the reader and JSONDecoder read different parameters")
                log.check(continues == expectedContinues, "\(type): the reader and JSONDecoder disagree on continues")
            } else {
                log.check(false, "\(type): the reader accepted what JSONDecoder refuses")
            }
        }
        if case .error? = read {
            log.check(false, "\(type): the reader alone returned an error reply")
        }
        return Agreement(reader: read != nil, decoder: decodedReply != nil)
    }

    /// A reply as `JSONDecoder` reads it.
    private struct Envelope<Parameters: Decodable>: Decodable {
        var parameters: Parameters?
        var continues: Bool?
        var error: String?
    }
}
