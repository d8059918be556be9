import Glibc
import KeepaliveCore
import NIOCore
import NIOPosix

/// Classifies what NIO reports when a connect fails into the verdict vocabulary, keeping the errno.
enum ConnectFailureClassifier {
    static func classify(_ error: any Error, connectTimeout: Duration) -> PeerFailure {
        switch error {
        case ChannelError.connectTimeout:
            return PeerFailure(reason: .timeout, detail: "within \(DurationText.humanReadable(connectTimeout))")
        case let ioError as IOError:
            var failure = ErrnoClassifier.connectFailure(errno: ioError.errnoCode)
            if ioError.errnoCode == EMFILE, let limit = DescriptorBudget.softLimit() {
                // What the operator needs to size LimitNOFILE=: the limit the kernel enforced on this attempt.
                failure.detail = "the daemon's limit is \(limit) open descriptors"
            }
            return failure
        case let exhausted as DescriptorBudget.Exhausted:
            return PeerFailure(
                reason: .unreachable, errno: EMFILE,
                detail: "the daemon's limit is \(exhausted.limit) open descriptors, "
                    + "\(exhausted.reserved) of them kept for itself (control API, reloads, journal)")
        case let timedOut as NameLookups.TimedOut:
            return PeerFailure(reason: .dns, detail: "no answer from the name server within \(DurationText.humanReadable(timedOut.after))")
        case let failed as NameLookups.Failed:
            return PeerFailure(reason: .dns, detail: failed.message)
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
