import Foundation
import KeepaliveTestSupport
import Testing

/// More endpoints than `RLIMIT_NOFILE` allows: the daemon runs under `prlimit`, and its connections may use the
/// limit less what it keeps for itself (`DescriptorBudget`), so the control API and a reload still work.
@Suite("Out of descriptors", .serialized)
struct DescriptorLimitTests {
    init() throws {
        try Preconditions.requireRootAndTools()
    }

    static let limit = 64
    static let endpointCount = 40

    /// `names` to one listener, 1 s reconnect ceiling so that a freed descriptor is used within a second.
    static func config(_ names: [String], peer: String) -> String {
        MonitorConfig.text(names.map { ($0, peer) }, defaults: "reconnect_max = \"1s\"\n")
    }

    @Test("endpoints past the limit are down once with EMFILE and the limit; the others are up; a reload that frees descriptors brings them up")
    func pastTheLimit() throws {
        let bed = try TestBed()
        defer { bed.close() }
        let peer = try bed.peer(port: 7401)
        let names = (0..<Self.endpointCount).map { "e\($0)" }
        let socket = bed.controlSocket
        let configPath = try bed.write(Self.config(names, peer: peer.endpoint))
        let daemon = try bed.daemon(
            ["--config", configPath, "--control-socket", socket], launcher: ["prlimit", "--nofile=\(Self.limit):\(Self.limit)"])
        let context = { daemon.process.transcript }

        // Every endpoint gets its first verdict: up, or down for want of a descriptor.
        var firstVerdict: [String: Daemon.Event] = [:]
        _ = eventually(timeout: .seconds(15), pollingEvery: .milliseconds(50)) {
            for event in daemon.events where event.state == "up" || event.state == "down" {
                if let peer = event.peer, firstVerdict[peer] == nil { firstVerdict[peer] = event }
            }
            return firstVerdict.count == names.count
        }
        try #require(firstVerdict.count == names.count, "\(context())")
        let up = names.filter { firstVerdict[$0]?.state == "up" }
        let starved = names.filter { firstVerdict[$0]?.state == "down" }
        // The daemon's own descriptors (stdio, event loops, the control socket) and its 16 spare take the rest.
        try #require(up.count >= 4 && starved.count >= 4, "up \(up), down \(starved)\n\(context())")
        for name in starved {
            let event = try #require(firstVerdict[name])
            #expect(event.reason == "unreachable")
            #expect(event.fields["ERRNO"] == "24")
            #expect(event.message.contains(
                "could not open the connection (EMFILE): the daemon's limit is \(Self.limit) open descriptors, "),
                "\(event.message)")
            #expect(event.message.hasSuffix(
                " of them kept for itself (control API, reloads, journal); the peer was never asked: raise the "
                    + "daemon's descriptor limit (LimitNOFILE=) or free local resources."), "\(event.message)")
        }

        // They keep retrying (at most a second apart) and keep failing the same way: still one alert each. A fixed
        // wait on purpose: it proves that nothing more is said over three retries.
        Thread.sleep(forTimeInterval: 3)
        for name in starved {
            #expect(daemon.events(peer: name).count == 1, "\(daemon.events(peer: name).map(\.message))")
        }
        #expect(up.allSatisfy { daemon.events(peer: $0).map(\.state) == ["up"] }, "the others stay monitored")
        // The operator can still ask: a client we did not write gets the count (exit 2: some are down).
        let check = try Keepalivectl.run(["--socket", socket, "check"], in: bed.pair.daemonSide, timeout: .seconds(10))
        #expect(check.status == 2, "\(check.output)")
        #expect(check.output.hasPrefix("CRITICAL: \(starved.count) down"), "\(check.output)")

        // A reload that drops every connected endpoint (the file read uses one of the spare descriptors): each
        // starved one comes up on its own at its next retry, reported as a recovery.
        let kept = starved
        try bed.write(Self.config(kept, peer: peer.endpoint))
        let mark = daemon.process.allLines.count - 1
        daemon.process.signal(SIGHUP)
        for name in kept {
            let recovered = try #require(
                daemon.waitForEvent(peer: name, ["PEER_STATE": "up"], after: mark, timeout: .seconds(10)), "\(context())")
            #expect(recovered.fields["OUTAGE_USEC"] != nil, "an up again, with the outage")
        }
    }
}
