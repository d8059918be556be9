import Foundation
import KeepaliveControl
import KeepaliveTestSupport
import Testing

/// The interface definitions parse with the reference implementation (the PyPI `varlink` package, which CI
/// installs), and the JSON the Swift types write has exactly the fields the definitions declare.
@Suite("Interface definitions")
struct InterfaceDefinitionTests {
    struct Description: Decodable {
        struct Method: Decodable {
            var `in`: [String]
            var out: [String]
        }

        var name: String
        var types: [String: [String]]
        var methods: [String: Method]
        var errors: [String: [String]]
    }

    /// Runs the reference parser on `definition`; fails the test when python3 or its varlink module is missing.
    static func parse(_ definition: String) async throws -> Description {
        let directory = try TemporaryDirectory(prefix: "kam-idl")
        defer { directory.remove() }
        let file = directory.file("interface.varlink")
        try definition.write(toFile: file, atomically: true, encoding: .utf8)

        let script = Fixtures.directory.appendingPathComponent("describe-interface.py")
        let run = try await CommandRun.run([script.path, file], executable: "python3")
        try #require(
            run.status == 0,
            "python3 varlink could not parse the definition (is `pip install varlink` done?): \(run.errors)")
        return try JSONDecoder().decode(Description.self, from: Data(run.output.utf8))
    }

    /// The keys of the JSON object `value` encodes to.
    static func keys(_ value: some Encodable) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(ControlJSON.encode(value)))
        return try #require(object as? [String: Any]).keys.sorted()
    }

    @Test("org.keepalivemonitor.Monitor: parses, and declares what the Swift types encode")
    func monitorInterface() async throws {
        let description = try await Self.parse(MonitorInterface.definition)
        #expect(description.name == MonitorInterface.name)
        #expect(Set(description.methods.keys) == Set(MonitorInterface.Method.allCases.map(\.rawValue)))
        #expect(description.errors == ["PeerNotFound": ["name"], "PermissionDenied": ["method", "uid"]])
        #expect(Set(description.errors.keys) == Set(MonitorInterface.ErrorName.allCases.map(\.rawValue)))

        let peer = SamplePeers.api
        let types = description.types.mapValues { $0.sorted() }
        #expect(try Self.keys(peer) == types["Peer"])
        #expect(try Self.keys(peer.keepalive) == types["Keepalive"])
        #expect(try Self.keys(peer.tcpInfo) == types["TCPInfo"])
        #expect(try Self.keys(peer.counters) == types["Counters"])
        #expect(try Self.keys(peer.counters.down) == types["DownCounts"])
        #expect(try Self.keys(DaemonInfo.Counts()) == types["Counts"])

        let methods = description.methods.mapValues { (in: $0.in.sorted(), out: $0.out.sorted()) }
        let info = DaemonInfo(startedUsec: 0, uptimeUsec: 0, configPath: nil, generation: 1, peers: 0, counts: .init())
        #expect(try Self.keys(ListPeersReply(peers: [])) == methods["ListPeers"]?.out)
        #expect(try Self.keys(GetPeerReply(peer: peer)) == methods["GetPeer"]?.out)
        #expect(try Self.keys(WatchReply(peer: peer, initial: true)) == methods["Watch"]?.out)
        #expect(try Self.keys(ReloadResult(accepted: true, generation: 1, errors: [])) == methods["Reload"]?.out)
        #expect(try Self.keys(NoParameters()) == methods["Reconnect"]?.out)
        #expect(try Self.keys(info) == methods["GetDaemonInfo"]?.out)
        #expect(try Self.keys(PeerNameParameters(name: "db")) == methods["GetPeer"]?.in)
        #expect(try Self.keys(PeerNameParameters(name: "db")) == methods["Reconnect"]?.in)
        for method in ["ListPeers", "Watch", "Reload", "GetDaemonInfo"] {
            #expect(methods[method]?.in == [], "\(method) takes no parameters")
        }
    }

    @Test("org.varlink.service: parses, with the standard methods and errors")
    func serviceInterface() async throws {
        let description = try await Self.parse(ServiceInterface.definition)
        #expect(description.name == ServiceInterface.name)
        #expect(Set(description.methods.keys) == Set(ServiceInterface.Method.allCases.map(\.rawValue)))
        #expect(try Self.keys(ServiceInterface.info) == description.methods["GetInfo"]?.out.sorted())
        let describe = description.methods["GetInterfaceDescription"]
        #expect(try Self.keys(InterfaceDescription(description: "")) == describe?.out)
        #expect(try Self.keys(InterfaceNameParameters(interface: "")) == describe?.in)
        #expect(description.errors == [
            "InterfaceNotFound": ["interface"], "MethodNotFound": ["method"], "MethodNotImplemented": ["method"],
            "InvalidParameter": ["parameter"], "PermissionDenied": [], "ExpectedMore": [],
        ])
    }

    @Test("The service lists exactly the interfaces it can describe")
    func listedInterfaces() {
        #expect(Set(ServiceInterface.info.interfaces) == Set(ServiceInterface.definitions.keys))
    }
}

/// The reference client (PyPI `varlink`) talks to the dispatcher through a real socket: introspection, calls,
/// errors and a Watch stream, as any standard varlink client would.
@Suite("Reference varlink client")
struct ReferenceClientTests {
    struct Seen: Decodable, Equatable {
        struct Peer: Decodable, Equatable {
            var state: String
            var reason: String?
        }

        struct Failure: Decodable, Equatable {
            var error: String
            var parameters: [String: String]
        }

        var interfaces: [String]
        var vendor: String
        var peers: [String]
        var db: Peer
        var daemonVersion: String
        var errors: [Failure]
        var watch: [[WatchEntry]]

        enum CodingKeys: String, CodingKey {
            case interfaces, vendor, peers, db, errors, watch
            case daemonVersion = "daemon_version"
        }
    }

    /// `[name, initial]` as the script prints it.
    enum WatchEntry: Decodable, Equatable {
        case name(String)
        case initial(Bool)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .initial(flag)
            } else {
                self = .name(try container.decode(String.self))
            }
        }
    }

    @Test("python3 varlink: GetInfo, GetInterfaceDescription, every read method, errors, Watch")
    func referenceClient() async throws {
        let server = try TestControlServer(FakeMonitor(), caller: Callers.operatorUser)
        defer { server.stop() }
        let script = Fixtures.directory.appendingPathComponent("varlink-client.py").path
        let result = try await CommandRun.run(["python3", script, server.path], executable: "/usr/bin/env")
        try #require(result.status == 0, "the reference client failed (is `pip install varlink` done?): \(result.errors)")
        let seen = try JSONDecoder().decode(Seen.self, from: Data(result.output.utf8))
        #expect(seen.interfaces == ["org.varlink.service", "org.keepalivemonitor.Monitor"])
        #expect(seen.vendor == "keepalive-monitor")
        #expect(seen.peers == ["db", "api", "mq", "cache"])
        #expect(seen.db == Seen.Peer(state: "down", reason: "half-open"))
        #expect(seen.daemonVersion == "0.1.0")
        #expect(seen.errors == [
            Seen.Failure(error: "org.keepalivemonitor.Monitor.PeerNotFound", parameters: ["name": "nope"]),
            Seen.Failure(
                error: "org.keepalivemonitor.Monitor.PermissionDenied",
                parameters: ["method": "org.keepalivemonitor.Monitor.Reload", "uid": "1000"]),
        ])
        #expect(seen.watch == SamplePeers.all.map { [.name($0.name), .initial(true)] })
    }
}
