import KeepaliveControl
import KeepaliveCore

/// `keepalivectl info`: the daemon's version, uptime, configuration and peer counts.
enum DaemonInfoText {
    static func render(_ info: DaemonInfo, time: DisplayTime) -> String {
        let counts = info.counts
        let uptime = DurationText.humanReadable(milliseconds: info.uptimeUsec / 1000)
        let fields = [
            ("Version", "\(info.version) (control protocol \(info.protocolVersion))"),
            ("Started", "\(time.timestamp(info.startedUsec)) (up \(uptime))"),
            ("Config", info.configPath.map { "\($0) (generation \(info.generation))" }
                ?? "none, endpoints from the command line (generation \(info.generation))"),
            // The words and order of STATUS= and `keepalivectl check` (worst first).
            ("Peers", StatusSummary(counts: [
                .down: counts.down, .suspect: counts.suspect, .connecting: counts.connecting, .up: counts.up,
            ]).render()),
            ("Stalls", info.lastStallUsec.map {
                "\(info.stalls) (the monitor itself did not run; latest \(DurationText.humanReadable(milliseconds: $0 / 1000)))"
            } ?? "\(info.stalls)"),
        ]
        let width = fields.map(\.0.count).max() ?? 0
        return fields.map { label, value in
            "\(label):" + String(repeating: " ", count: width - label.count + 1) + value + "\n"
        }.joined()
    }
}
