import KeepaliveCore
import NIOCore
import NIOPosix

/// Classifies what NIO reports when a connect fails into the verdict vocabulary, keeping the errno.
enum ConnectFailureClassifier {
    static func classify(_ error: any Error, connectTimeout: Duration) -> PeerFailure {
        switch error {
        case ChannelError.connectTimeout:
            return PeerFailure(reason: .timeout, detail: "within \(DurationText.format(connectTimeout))")
        case let ioError as IOError:
            return ErrnoClassifier.connectFailure(errno: ioError.errnoCode)
        case let connection as NIOConnectionError:
            // Several addresses may have been tried; the first failure speaks for the host.
            if let first = connection.connectionErrors.first {
                return classify(first.error, connectTimeout: connectTimeout)
            }
            let resolverError = connection.dnsAError ?? connection.dnsAAAAError
            return PeerFailure(reason: .dns, detail: resolverError.map { "\($0)" } ?? "no addresses")
        default:
            return PeerFailure(reason: .unreachable, detail: "\(error)")
        }
    }
}
