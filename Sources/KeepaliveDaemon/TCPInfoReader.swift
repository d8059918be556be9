import Glibc
import KeepaliveCore
import NIOCore

/// Copies the fields the core needs out of the kernel's `struct tcp_info` (Glibc's 104-byte layout, which
/// ends at `tcpi_total_retrans`: everything keepalive monitoring needs is in it). `snapshot(_:)` is package-visible
/// for the fuzz target that feeds it arbitrary bytes of the struct.
package enum TCPInfoReader {
    /// `getsockopt(TCP_INFO)` on the connection's event loop, where NIO answers synchronously.
    static func read(_ options: any SocketOptionProvider) -> TCPInfoSnapshot? {
        var result: TCPInfoSnapshot?
        options.getTCPInfo().assumeIsolated().whenSuccess { info in
            result = snapshot(info)
        }
        return result
    }

    package static func snapshot(_ info: tcp_info) -> TCPInfoSnapshot {
        TCPInfoSnapshot(
            state: info.tcpi_state,
            probes: Int(info.tcpi_probes),
            backoff: Int(info.tcpi_backoff),
            totalRetransmits: Int(info.tcpi_total_retrans),
            unacked: Int(info.tcpi_unacked),
            lastDataReceived: .milliseconds(Int64(info.tcpi_last_data_recv)),
            lastAckReceived: .milliseconds(Int64(info.tcpi_last_ack_recv)),
            rtt: .microseconds(Int64(info.tcpi_rtt)),
            rttVariance: .microseconds(Int64(info.tcpi_rttvar))
        )
    }
}
