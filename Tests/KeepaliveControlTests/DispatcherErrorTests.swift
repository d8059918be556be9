import KeepaliveControl
import KeepaliveTestSupport
import Testing

/// Every kind of bad call gets the varlink error that names its problem, checked in a fixed order: JSON,
/// envelope, interface, method, parameters, permission.
@Suite("Dispatcher: bad calls and permissions")
struct DispatcherErrorTests {
    let monitor = FakeMonitor()
    var dispatcher: ControlDispatcher { .forTests(monitor) }

    private static func invalidParameter(_ name: String) -> String {
        #"{"error":"org.varlink.service.InvalidParameter","parameters":{"parameter":"\#(name)"}}"#
    }

    @Test("A message that is not a JSON object is InvalidParameter of the whole message", arguments: [
        "", "{", #"{"method":"#, "[1,2]", #""org.varlink.service.GetInfo""#, "42", "null", "true",
        #"{"method":"org.varlink.service.GetInfo"} trailing"#,
    ])
    func notAnObject(message: String) async {
        #expect(await dispatcher.reply(to: message) == Self.invalidParameter(""))
    }

    @Test("Bytes that are not UTF-8 are InvalidParameter of the whole message")
    func notUTF8() async {
        var replies: [[UInt8]] = []
        await dispatcher.handle([0x7B, 0xFF, 0xFE, 0x7D], from: Callers.root) { replies.append($0) }
        #expect(replies.map { String(decoding: $0, as: UTF8.self) } == [Self.invalidParameter("")])
    }

    @Test("Nesting deeper than JSON allows is refused without harm; nesting inside an ignored field is skipped")
    func deepNesting() async {
        let tooDeep = #"{"method":"org.keepalivemonitor.Monitor.GetPeer","parameters":{"name":"db","x":"#
            + String(repeating: "[", count: 30000) + String(repeating: "]", count: 30000) + "}}"
        #expect(await dispatcher.reply(to: tooDeep) == Self.invalidParameter(""))
        let deep = #"{"method":"org.keepalivemonitor.Monitor.GetPeer","parameters":{"name":"db","x":"#
            + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}}"
        #expect(await dispatcher.reply(to: deep).hasPrefix(#"{"parameters":{"peer":"#))
    }

    @Test("A missing or non-string method is InvalidParameter method", arguments: [
        #"{}"#, #"{"parameters":{}}"#, #"{"method":5}"#, #"{"method":null}"#, #"{"method":["a.B"]}"#,
        #"{"method":{"a":"b"}}"#,
    ])
    func badMethodField(message: String) async {
        #expect(await dispatcher.reply(to: message) == Self.invalidParameter("method"))
    }

    @Test("Parameters that are not an object are InvalidParameter parameters", arguments: [
        #""name""#, "[]", "7", "false",
    ])
    func badParametersField(parameters: String) async {
        let message = #"{"method":"org.keepalivemonitor.Monitor.ListPeers","parameters":\#(parameters)}"#
        #expect(await dispatcher.reply(to: message) == Self.invalidParameter("parameters"))
    }

    @Test("Non-boolean flags are InvalidParameter of the flag, before the interface is looked at", arguments: [
        "more", "oneway", "upgrade",
    ])
    func badFlag(flag: String) async {
        let message = #"{"method":"com.example.Nope.Method","\#(flag)":"yes"}"#
        #expect(await dispatcher.reply(to: message) == Self.invalidParameter(flag))
    }

    @Test("An unknown interface is InterfaceNotFound", arguments: [
        ("com.example.Nope.Method", "com.example.Nope"),
        ("org.keepalivemonitor.Monitr.ListPeers", "org.keepalivemonitor.Monitr"),
        ("ListPeers", ""),
        ("", ""),
    ])
    func unknownInterface(method: String, interface: String) async {
        #expect(await dispatcher.reply(to: #"{"method":"\#(method)","parameters":{"name":5}}"#)
            == #"{"error":"org.varlink.service.InterfaceNotFound","parameters":{"interface":"\#(interface)"}}"#)
    }

    @Test(
        "An unknown method is MethodNotFound with its qualified name, before its parameters are looked at",
        arguments: [
            "org.keepalivemonitor.Monitor.Frobnicate", "org.keepalivemonitor.Monitor.listPeers",
            "org.keepalivemonitor.Monitor.", "org.varlink.service.Shutdown",
        ])
    func unknownMethod(method: String) async {
        #expect(await dispatcher.reply(to: #"{"method":"\#(method)","parameters":{"name":5}}"#)
            == #"{"error":"org.varlink.service.MethodNotFound","parameters":{"method":"\#(method)"}}"#)
    }

    @Test("A missing or mistyped name is InvalidParameter name", arguments: [
        ("GetPeer", #"{}"#), ("GetPeer", #"{"name":5}"#), ("GetPeer", #"{"name":null}"#),
        ("GetPeer", #"{"name":["db"]}"#), ("GetPeer", #"{"name":{"db":1}}"#), ("GetPeer", #"{"name":true}"#),
        ("Reconnect", #"{}"#), ("Reconnect", #"{"name":1.5}"#), ("GetPeer", #"{"Name":"db"}"#),
    ])
    func badName(method: String, parameters: String) async {
        let message = #"{"method":"org.keepalivemonitor.Monitor.\#(method)","parameters":\#(parameters)}"#
        #expect(await dispatcher.reply(to: message, from: Callers.root) == Self.invalidParameter("name"))
    }

    @Test("A call without parameters is a call with empty parameters")
    func missingParameters() async {
        #expect(await dispatcher.reply(to: #"{"method":"org.keepalivemonitor.Monitor.GetPeer"}"#)
            == Self.invalidParameter("name"))
        #expect(await dispatcher.reply(to: #"{"method":"org.keepalivemonitor.Monitor.ListPeers","parameters":null}"#)
            .hasPrefix(#"{"parameters":{"peers":"#))
    }

    @Test("GetInterfaceDescription without a string interface is InvalidParameter interface")
    func badInterfaceParameter() async {
        let message = #"{"method":"org.varlink.service.GetInterfaceDescription","parameters":{"interface":1}}"#
        #expect(await dispatcher.reply(to: message) == Self.invalidParameter("interface"))
    }

    @Test("Watch without more is ExpectedMore", arguments: ["", #","more":false"#, #","more":null"#])
    func watchWithoutMore(more: String) async {
        #expect(await dispatcher.reply(to: #"{"method":"org.keepalivemonitor.Monitor.Watch"\#(more)}"#)
            == #"{"error":"org.varlink.service.ExpectedMore","parameters":{}}"#)
        #expect(monitor.subscriberCount == 0)
    }

    @Test("upgrade is refused: no method upgrades the connection")
    func upgrade() async {
        #expect(await dispatcher.reply(to: #"{"method":"org.keepalivemonitor.Monitor.ListPeers","upgrade":true}"#)
            == Self.invalidParameter("upgrade"))
    }

    @Test("Reload and Reconnect are refused to other users, naming method and uid")
    func permissionDenied() async {
        func denied(_ method: String) -> String {
            #"{"error":"org.keepalivemonitor.Monitor.PermissionDenied","parameters":{"method":"\#(method)","uid":1000}}"#
        }
        #expect(await dispatcher.reply(to: #"{"method":"org.keepalivemonitor.Monitor.Reload"}"#)
            == denied("org.keepalivemonitor.Monitor.Reload"))
        let reconnect = #"{"method":"org.keepalivemonitor.Monitor.Reconnect","parameters":{"name":"db"}}"#
        #expect(await dispatcher.reply(to: reconnect)
            == denied("org.keepalivemonitor.Monitor.Reconnect"))
        #expect(monitor.reloads == 0)
        #expect(monitor.reconnected.isEmpty)
    }

    @Test("Parameters are checked before permission")
    func parametersBeforePermission() async {
        #expect(await dispatcher.reply(to: #"{"method":"org.keepalivemonitor.Monitor.Reconnect","parameters":{}}"#)
            == Self.invalidParameter("name"))
    }

    @Test("A oneway call gets no reply, whether it succeeds or fails")
    func oneway() async {
        for call in [
            #"{"method":"org.keepalivemonitor.Monitor.ListPeers","oneway":true}"#,
            #"{"method":"org.keepalivemonitor.Monitor.Nope","oneway":true}"#,
            #"{"method":"org.keepalivemonitor.Monitor.Watch","oneway":true}"#,
            #"{"method":"org.keepalivemonitor.Monitor.Watch","more":true,"oneway":true}"#,
        ] {
            #expect(await dispatcher.replies(to: call).isEmpty, "\(call)")
        }
        #expect(monitor.subscriberCount == 0)
    }

    @Test("A oneway Reload still reloads when allowed, and still does not when refused")
    func onewayReload() async {
        let message = #"{"method":"org.keepalivemonitor.Monitor.Reload","oneway":true}"#
        #expect(await dispatcher.replies(to: message, from: Callers.operatorUser).isEmpty)
        #expect(monitor.reloads == 0)
        #expect(await dispatcher.replies(to: message, from: Callers.root).isEmpty)
        #expect(monitor.reloads == 1)
    }

    @Test("A send that fails on an error reply ends the call quietly")
    func sendFailsOnError() async {
        struct Gone: Error {}
        var attempts = 0
        await dispatcher.handle(Array("nonsense".utf8), from: Callers.root) { _ in
            attempts += 1
            throw Gone()
        }
        #expect(attempts == 1)
    }
}
