import Foundation
import Synchronization

/// Two network namespaces joined by a veth pair: the daemon runs in `daemonSide`, peers in `peerSide`.
/// Traffic never leaves the pair. Names carry the process id and a counter so parallel tests never collide.
/// Always `close()` it (in a `defer`): it deletes both namespaces and with them every rule and route.
final class NetworkPair: Sendable {
    let daemonSide: String
    let peerSide: String
    let daemonAddress: String
    let peerAddress: String
    let daemonAddress6: String
    let peerAddress6: String

    private static let counter = Atomic<Int>(0)

    init() throws {
        let index = Self.counter.add(1, ordering: .relaxed).newValue
        let tag = "\(getpid() % 100_000)-\(index)"
        daemonSide = "kam-d-\(tag)"
        peerSide = "kam-p-\(tag)"
        // A private /24 per pair, from a range no real network here uses.
        let subnet = (Int(getpid()) * 7 + index) % 250 + 1
        daemonAddress = "10.213.\(subnet).1"
        peerAddress = "10.213.\(subnet).2"
        daemonAddress6 = "fd00:6b61:\(subnet)::1"
        peerAddress6 = "fd00:6b61:\(subnet)::2"
        let vethDaemon = "vd\(tag)".prefix(15)
        let vethPeer = "vp\(tag)".prefix(15)
        do {
            try Shell.run("ip", "netns", "add", daemonSide)
            try Shell.run("ip", "netns", "add", peerSide)
            try Shell.run(
                "ip", "link", "add", String(vethDaemon), "netns", daemonSide, "type", "veth", "peer", "name",
                String(vethPeer), "netns", peerSide)
            for (side, device, v4, v6) in [
                (daemonSide, String(vethDaemon), daemonAddress, daemonAddress6),
                (peerSide, String(vethPeer), peerAddress, peerAddress6),
            ] {
                try Shell.run("ip", "-n", side, "link", "set", "lo", "up")
                try Shell.run("ip", "-n", side, "addr", "add", "\(v4)/24", "dev", device)
                try Shell.run("ip", "-n", side, "addr", "add", "\(v6)/64", "dev", device, "nodad")
                try Shell.run("ip", "-n", side, "link", "set", device, "up")
            }
        } catch {
            close()
            throw error
        }
    }

    /// Silences `port` on the peer side: its kernel neither receives nor sends anything on it, like a host
    /// that lost power. ARP keeps working, so only this connection is affected.
    func silence(port: Int) throws {
        try Shell.run(
            "ip", "netns", "exec", peerSide, "nft", """
            add table inet kam_silence
            add chain inet kam_silence input { type filter hook input priority 0; }
            add chain inet kam_silence output { type filter hook output priority 0; }
            add rule inet kam_silence input tcp dport \(port) drop
            add rule inet kam_silence output tcp sport \(port) drop
            """)
    }

    func unsilence() throws {
        try Shell.run("ip", "netns", "exec", peerSide, "nft", "delete table inet kam_silence")
    }

    /// Destroys the peer side's sockets on `port` without a word on the wire, as a reboot would.
    func forgetConnections(port: Int) throws {
        try Shell.run("ip", "netns", "exec", peerSide, "ss", "-K", "-t", "sport", "= :\(port)")
    }

    /// A route that answers connect with EHOSTUNREACH at once.
    func makeUnreachable(_ address: String) throws {
        try Shell.run("ip", "-n", daemonSide, "route", "add", "unreachable", "\(address)/32")
    }

    /// `ss -tino` on the daemon side, for the connection to `port`: an independent view of the kernel's state.
    func socketInfo(peerPort port: Int) throws -> String {
        try Shell.run("ip", "netns", "exec", daemonSide, "ss", "-tinoH", "state", "all", "dport", "= :\(port)")
    }

    /// Local ports of the daemon's established connections to `port`.
    func localPorts(peerPort port: Int) throws -> [Int] {
        let output = try Shell.run("ip", "netns", "exec", daemonSide, "ss", "-tnH", "state", "established", "dport", "= :\(port)")
        return output.split(separator: "\n").compactMap { line in
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            guard columns.count >= 4, let colon = columns[2].lastIndex(of: ":") else { return nil }
            return Int(columns[2][columns[2].index(after: colon)...])
        }
    }

    /// Kills whatever still runs in either namespace (a server's forked children too, which no test started by
    /// pid), then deletes both.
    func close() {
        for namespace in [daemonSide, peerSide] {
            let pids = (try? Shell.run(["ip", "netns", "pids", namespace], allowFailure: true)) ?? ""
            for pid in pids.split(whereSeparator: \.isWhitespace).compactMap({ Int32($0) }) {
                kill(pid, SIGKILL)
            }
        }
        _ = try? Shell.run(["ip", "netns", "del", daemonSide], allowFailure: true)
        _ = try? Shell.run(["ip", "netns", "del", peerSide], allowFailure: true)
    }
}
