import KeepaliveControl

/// Peer names for shell completion, from the daemon on the socket the command line names so far; none when
/// it cannot be asked.
enum PeerNameCompletion {
    static func names(_ words: [String]) -> [String] {
        var socket: String?
        if let flag = words.firstIndex(of: "--socket"), flag + 1 < words.count {
            socket = words[flag + 1]
        }
        let client = ControlClient(socketPath: ConnectionOptions.socketPath(explicit: socket), timeout: .seconds(1))
        return ((try? client.listPeers()) ?? []).map(\.name).sorted()
    }
}
