import KeepaliveCore
import NIOCore

/// Everything that can happen to one peer, delivered to its runner's inbox in the order it happened.
/// `attempt` ties connection events to the connect that produced them, so late events from an old
/// connection are ignored.
enum PeerInput: Sendable {
    /// The connection is established (fired by the channel itself, before any sample).
    case active(attempt: Int, channel: any Channel, remoteAddress: String?)
    case connectFailed(attempt: Int, PeerFailure)
    case sampled(attempt: Int, TCPInfoSnapshot)
    case received(attempt: Int, bytes: Int)
    /// The kernel ended the connection (errno) or the peer sent FIN; the final TCP_INFO when it could be read.
    case lost(attempt: Int, PeerFailure, finalSample: TCPInfoSnapshot?)
    case reconnectDue(attempt: Int)
    /// Drop the connection and connect again now (control API, changed settings).
    case reconnectRequested
    /// Stop watching this peer.
    case stop
}
