import KeepaliveControl
import KeepaliveTestSupport
import Testing

/// Every method of both interfaces, answered by the dispatcher over an in-test `MonitorControl`.
@Suite("Dispatcher: methods")
struct DispatcherMethodTests {
    let monitor = FakeMonitor()
    var dispatcher: ControlDispatcher { .forTests(monitor) }

    private func call(_ method: String, _ parameters: String = "{}", more: Bool = false) -> String {
        #"{"method":"\#(method)","parameters":\#(parameters)\#(more ? #","more":true"# : "")}"#
    }

    private func decode<Reply: Decodable>(_ reply: String, as type: Reply.Type) throws -> Reply {
        let decoded = try VarlinkMessage.decodeReply(Array(reply.utf8), as: type)
        guard case .parameters(let parameters, let continues) = decoded else {
            Issue.record("expected parameters, got \(reply)")
            throw VarlinkDecodingError(description: reply)
        }
        #expect(!continues)
        return parameters
    }

    @Test("GetInfo names the product and both interfaces")
    func getInfo() async {
        #expect(await dispatcher.reply(to: call("org.varlink.service.GetInfo")) == #"""
            {"parameters":{"interfaces":["org.varlink.service","org.keepalivemonitor.Monitor"],\#
            "product":"keepalive-monitor","url":"man:keepalivectl(1)","vendor":"keepalive-monitor","version":"0.1.0"}}
            """#)
    }

    @Test("GetInterfaceDescription returns each interface's definition", arguments: [
        ("org.varlink.service", ServiceInterface.definition),
        ("org.keepalivemonitor.Monitor", MonitorInterface.definition),
    ])
    func interfaceDescription(name: String, definition: String) async throws {
        let parameters = #"{"interface":"\#(name)"}"#
        let reply = await dispatcher.reply(to: call("org.varlink.service.GetInterfaceDescription", parameters))
        #expect(try decode(reply, as: InterfaceDescription.self).description == definition)
        #expect(definition.contains("interface \(name)\n"))
    }

    @Test("GetInterfaceDescription of an unknown interface is InterfaceNotFound")
    func unknownInterfaceDescription() async {
        let parameters = #"{"interface":"com.example.Nope"}"#
        #expect(await dispatcher.reply(to: call("org.varlink.service.GetInterfaceDescription", parameters))
            == #"{"error":"org.varlink.service.InterfaceNotFound","parameters":{"interface":"com.example.Nope"}}"#)
    }

    @Test("ListPeers returns every peer in the daemon's order, to anyone")
    func listPeers() async throws {
        let reply = await dispatcher.reply(to: call("org.keepalivemonitor.Monitor.ListPeers"))
        #expect(try decode(reply, as: ListPeersReply.self).peers == SamplePeers.all)
    }

    @Test("A non-streaming call with more gets its single reply, without continues")
    func listPeersWithMore() async throws {
        let replies = await dispatcher.replies(to: call("org.keepalivemonitor.Monitor.ListPeers", more: true))
        #expect(replies.count == 1)
        #expect(try decode(replies[0], as: ListPeersReply.self).peers.count == SamplePeers.all.count)
    }

    @Test("GetPeer returns the named peer")
    func getPeer() async throws {
        let reply = await dispatcher.reply(to: call("org.keepalivemonitor.Monitor.GetPeer", #"{"name":"db"}"#))
        #expect(try decode(reply, as: GetPeerReply.self).peer == SamplePeers.db)
    }

    @Test("Unknown fields in parameters are ignored")
    func unknownParameterFieldsIgnored() async throws {
        let parameters = #"{"extra":[1,{"deep":true}],"name":"cache","other":null}"#
        let reply = await dispatcher.reply(to: call("org.keepalivemonitor.Monitor.GetPeer", parameters))
        #expect(try decode(reply, as: GetPeerReply.self).peer == SamplePeers.cache)
    }

    @Test("GetPeer of an unknown name is PeerNotFound")
    func getUnknownPeer() async {
        #expect(await dispatcher.reply(to: call("org.keepalivemonitor.Monitor.GetPeer", #"{"name":"nope"}"#))
            == #"{"error":"org.keepalivemonitor.Monitor.PeerNotFound","parameters":{"name":"nope"}}"#)
    }

    @Test("GetDaemonInfo passes the daemon's facts through")
    func getDaemonInfo() async throws {
        let reply = await dispatcher.reply(to: call("org.keepalivemonitor.Monitor.GetDaemonInfo"))
        let info = try decode(reply, as: DaemonInfo.self)
        #expect(info == monitor.info)
        #expect(info.protocolVersion == MonitorInterface.version)
        #expect(info.counts == DaemonInfo.Counts(connecting: 1, up: 1, suspect: 1, down: 1))
    }

    @Test("Reload is allowed to root and to the daemon's uid", arguments: [Callers.root, Callers.daemonUser])
    func reloadPrivileged(caller: CallerCredentials) async throws {
        let reply = await dispatcher.reply(to: call("org.keepalivemonitor.Monitor.Reload"), from: caller)
        #expect(try decode(reply, as: ReloadResult.self) == ReloadResult(accepted: true, generation: 2, errors: []))
        #expect(monitor.reloads == 1)
    }

    @Test("A rejected reload carries its errors")
    func reloadRejected() async {
        let errors = ["/etc/km.toml:3:9: keepalive_count: expected an integer from 1 to 127, found 0"]
        monitor.setReloadResult(ReloadResult(accepted: false, generation: 1, errors: errors))
        let reply = await dispatcher.reply(to: call("org.keepalivemonitor.Monitor.Reload"), from: Callers.root)
        #expect(reply == #"{"parameters":{"accepted":false,"errors":["\#(errors[0])"],"generation":1}}"#)
    }

    @Test(
        "Reconnect replies with empty parameters and reconnects the peer",
        arguments: [Callers.root, Callers.daemonUser])
    func reconnect(caller: CallerCredentials) async {
        let message = call("org.keepalivemonitor.Monitor.Reconnect", #"{"name":"api"}"#)
        let reply = await dispatcher.reply(to: message, from: caller)
        #expect(reply == #"{"parameters":{}}"#)
        #expect(monitor.reconnected == ["api"])
    }

    @Test("Reconnect of an unknown name is PeerNotFound")
    func reconnectUnknown() async {
        let message = call("org.keepalivemonitor.Monitor.Reconnect", #"{"name":"nope"}"#)
        let reply = await dispatcher.reply(to: message, from: Callers.root)
        #expect(reply == #"{"error":"org.keepalivemonitor.Monitor.PeerNotFound","parameters":{"name":"nope"}}"#)
    }

    @Test("Reading needs no privilege", arguments: [
        "org.varlink.service.GetInfo", "org.keepalivemonitor.Monitor.ListPeers",
        "org.keepalivemonitor.Monitor.GetDaemonInfo",
    ])
    func readsAllowedToAnyone(method: String) async {
        let reply = await dispatcher.reply(to: call(method), from: Callers.operatorUser)
        #expect(reply.hasPrefix(#"{"parameters":"#))
    }
}
