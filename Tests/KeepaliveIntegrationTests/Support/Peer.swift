import Foundation
import KeepaliveTestSupport

/// `Fixtures/peer.py` running in a namespace: a TCP server that never sends and closes or resets on command.
final class Peer: Sendable {
    let process: ChildProcess
    let host: String
    let port: Int

    init(namespace: String, host: String, port: Int) throws {
        self.host = host
        self.port = port
        process = try ChildProcess(
            name: "peer \(host) \(port)",
            arguments: ["ip", "netns", "exec", namespace, "python3", "-u", TestPaths.peerScript, "--host", host,
                        "--port", String(port)])
        guard process.waitForLine(timeout: .seconds(10), { $0.text == "listening" }) != nil else {
            process.stop()
            throw TestFailure("peer on \(host):\(port) did not start:\n\(process.transcript)")
        }
    }

    /// `host:port` as the daemon's `--endpoint` wants it.
    var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    func waitForConnection(count: Int = 1, timeout: Duration = .seconds(10)) -> Bool {
        var seen = 0
        var next = 0
        while seen < count {
            guard let (_, index) = process.waitForLine(from: next, timeout: timeout, { $0.text.hasPrefix("accepted") })
            else { return false }
            seen += 1
            next = index + 1
        }
        return true
    }

    /// Closes every connection normally (FIN).
    func closeConnections() { process.send("close") }

    /// Closes every connection with SO_LINGER {1,0} (RST).
    func resetConnections() { process.send("reset") }

    /// Bytes the daemon has sent to this peer (it must send none).
    func bytesReceived() -> Int? {
        let start = process.allLines.count
        process.send("bytes")
        guard let (line, _) = process.waitForLine(from: start, timeout: .seconds(5), { $0.text.hasPrefix("bytes ") })
        else { return nil }
        return Int(line.text.dropFirst("bytes ".count))
    }

    func stop() { process.stop() }
}
