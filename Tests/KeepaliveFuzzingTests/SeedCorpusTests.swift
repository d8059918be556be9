import KeepaliveConfig
import KeepaliveControl
import KeepaliveCore
import KeepaliveFuzzing
import Testing

/// The committed seed corpus through each fuzz target's entry function: every seed breaks no invariant, and
/// the seeds that stand for a real situation end the way that situation must.
@Suite("Fuzz targets on their seed corpus")
struct SeedCorpusTests {
    @Test("every configuration seed keeps the loader's invariants")
    func configSeeds() throws {
        let seeds = try FuzzFiles.seeds("FuzzConfig")
        #expect(seeds.count >= 5)
        for seed in seeds {
            #expect(ConfigFuzzTarget.run(seed.bytes).violations == [], "\(seed.name)")
        }
    }

    @Test("the example configuration loads its three endpoints")
    func exampleConfig() throws {
        let run = ConfigFuzzTarget.run(try FuzzFiles.seed("FuzzConfig", "example.toml"))
        guard case .config(let config) = run.outcome else {
            Issue.record("the example was rejected: \(run.outcome)")
            return
        }
        #expect(config.endpoints.map(\.name) == ["db", "cache", "api"])
    }

    @Test("the README's bad configuration gets its diagnostics")
    func badConfig() throws {
        let run = ConfigFuzzTarget.run(try FuzzFiles.seed("FuzzConfig", "bad.toml"))
        #expect(
            run.outcome == .diagnostics([
                ConfigDiagnostic(
                    source: "fuzz.toml", line: 2, column: 19,
                    message: "keepalive_count: expected an integer from 1 to 127, found 200"),
                ConfigDiagnostic(
                    source: "fuzz.toml", line: 4, column: 1,
                    message: "missing required key \"address\" in [[endpoint]] \"db\""),
                ConfigDiagnostic(
                    source: "fuzz.toml", line: 7, column: 1,
                    message: "missing required key \"address\" in [[endpoint]] \"cache\""),
                ConfigDiagnostic(
                    source: "fuzz.toml", line: 9, column: 1,
                    message: "unknown key \"addres\" in [[endpoint]]; did you mean \"address\"?"),
            ]))
    }

    @Test("every varlink seed keeps the framing's and the dispatcher's invariants")
    func varlinkSeeds() async throws {
        let seeds = try FuzzFiles.seeds("FuzzVarlink")
        #expect(seeds.count >= 10)
        for seed in seeds {
            #expect(await VarlinkFuzzTarget.run(seed.bytes).violations == [], "\(seed.name)")
        }
    }

    @Test("pipelined calls are answered one reply each, in order")
    func pipelined() async throws {
        let run = await VarlinkFuzzTarget.run(try FuzzFiles.seed("FuzzVarlink", "pipelined"))
        #expect(run.outcome.messages.count == 3)
        #expect(run.outcome.replies.map(\.count) == [1, 1, 1])
        #expect(run.outcome.replies[1][0].hasPrefix(#"{"parameters":{"peers":[{"#))
        #expect(!run.outcome.tooLarge)
    }

    @Test("a Watch streams every peer, then each change")
    func watch() async throws {
        let run = await VarlinkFuzzTarget.run(try FuzzFiles.seed("FuzzVarlink", "watch"))
        #expect(run.outcome.replies.map(\.count) == [5])
    }

    @Test("Reload is refused to another user and a oneway call gets no reply")
    func permissionAndOneway() async throws {
        let denied = await VarlinkFuzzTarget.run(try FuzzFiles.seed("FuzzVarlink", "reload-denied"))
        #expect(denied.outcome.replies.first?.first?.contains("PermissionDenied") == true)
        let oneway = await VarlinkFuzzTarget.run(try FuzzFiles.seed("FuzzVarlink", "oneway"))
        #expect(oneway.outcome.replies == [[]])
    }

    @Test("a message over the limit ends the stream")
    func tooLarge() async throws {
        let run = await VarlinkFuzzTarget.run(try FuzzFiles.seed("FuzzVarlink", "too-large"))
        #expect(run.outcome.tooLarge)
        #expect(run.outcome.messages.isEmpty)
    }

    @Test("every TCP_INFO seed keeps the reading's invariants")
    func tcpInfoSeeds() throws {
        let seeds = try FuzzFiles.seeds("FuzzTCPInfo")
        #expect(seeds.count >= 5)
        for seed in seeds {
            #expect(TCPInfoFuzzTarget.run(seed.bytes).violations == [], "\(seed.name)")
        }
    }

    @Test("a live socket's TCP_INFO reads as an established connection that is up")
    func capturedSocket() throws {
        let run = TCPInfoFuzzTarget.run(try FuzzFiles.seed("FuzzTCPInfo", "quiet-then-exchange"))
        #expect(run.outcome.snapshots.map(\.stateName) == ["ESTABLISHED", "ESTABLISHED"])
        #expect(run.outcome.snapshots[1].rtt > .zero)
        #expect(run.outcome.verdict == .up)
        #expect(run.outcome.events == [.connected, .down])
    }

    @Test("a silent peer's probes make it suspect, one report per new probe")
    func silentPeer() throws {
        let run = TCPInfoFuzzTarget.run(try FuzzFiles.seed("FuzzTCPInfo", "silent-peer-1s-1s-3"))
        #expect(run.outcome.keepalive == KeepaliveSettings(idle: .seconds(1), interval: .seconds(1), count: 3))
        #expect(run.outcome.verdict == .suspect(unansweredProbes: 3))
        #expect(run.outcome.events == [.connected, .suspect, .suspect, .suspect, .down])
    }

    @Test("every JSON seed reads the same through the reader and JSONDecoder")
    func jsonSeeds() throws {
        let seeds = try FuzzFiles.seeds("FuzzJSONReader")
        #expect(seeds.count >= 5)
        for seed in seeds {
            #expect(JSONReaderFuzzTarget.run(seed.bytes).violations == [], "\(seed.name)")
        }
        let listPeers = JSONReaderFuzzTarget.run(try FuzzFiles.seed("FuzzJSONReader", "list-peers")).outcome
        #expect(listPeers.listPeers == .init(reader: true, decoder: true))
        #expect(listPeers.getPeer == .init(reader: false, decoder: false))
        let escapes = JSONReaderFuzzTarget.run(try FuzzFiles.seed("FuzzJSONReader", "escapes")).outcome
        #expect(escapes.getPeer == .init(reader: true, decoder: true))
    }

    @Test("every text seed keeps the parsers' invariants")
    func textSeeds() throws {
        let seeds = try FuzzFiles.seeds("FuzzTextParsers")
        #expect(seeds.count >= 10)
        for seed in seeds {
            #expect(TextParsersFuzzTarget.run(seed.bytes).violations == [], "\(seed.name)")
        }
    }
}
