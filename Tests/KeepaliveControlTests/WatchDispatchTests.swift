import KeepaliveControl
import KeepaliveTestSupport
import Testing

/// `Watch` with `more`: the current state of every peer, then every change, until the client leaves.
@Suite("Dispatcher: Watch")
struct WatchDispatchTests {
    let monitor = FakeMonitor()
    var dispatcher: ControlDispatcher { .forTests(monitor) }
    static let watchCall = Array(#"{"method":"org.keepalivemonitor.Monitor.Watch","more":true}"#.utf8)

    private func decode(_ reply: [UInt8]) throws -> (reply: WatchReply, continues: Bool) {
        switch try VarlinkMessage.decodeReply(reply, as: WatchReply.self) {
        case .parameters(let parameters, let continues): return (parameters, continues)
        case .error(let error): throw error
        }
    }

    @Test("Initial replies for every peer, then one per change, all with continues; ends with the stream")
    func streams() async throws {
        let log = ReadLog<[UInt8]>()
        let dispatcher = self.dispatcher
        let call = Task {
            await dispatcher.handle(Self.watchCall, from: Callers.operatorUser) { log.append($0) }
        }
        #expect(await eventually { log.all.count == SamplePeers.all.count })
        let recovered = SamplePeers.with(SamplePeers.db, state: .up)
        monitor.publish(recovered)
        #expect(await eventually { log.all.count == SamplePeers.all.count + 1 })
        monitor.finishChanges()
        await call.value

        let replies = try log.all.map(decode)
        #expect(replies.allSatisfy { $0.continues })
        #expect(replies.prefix(SamplePeers.all.count).map(\.reply)
            == SamplePeers.all.map { WatchReply(peer: $0, initial: true) })
        #expect(replies.last?.reply == WatchReply(peer: recovered, initial: false))
    }

    @Test("It subscribes to changes before it reads the current state, so no change falls in between")
    func subscribesFirst() async {
        let monitor = self.monitor
        let dispatcher = self.dispatcher
        let call = Task {
            var subscribersAtFirstReply: Int?
            await dispatcher.handle(Self.watchCall, from: Callers.operatorUser) { _ in
                if subscribersAtFirstReply == nil { subscribersAtFirstReply = monitor.subscriberCount }
                struct Enough: Error {}
                throw Enough()
            }
            return subscribersAtFirstReply
        }
        #expect(await call.value == 1)
    }

    @Test("A send that throws (the client left) ends the watch at once and drops the subscription")
    func endsWhenSendThrows() async {
        struct ClientGone: Error {}
        var sent = 0
        await dispatcher.handle(Self.watchCall, from: Callers.operatorUser) { _ in
            sent += 1
            if sent == 2 { throw ClientGone() }
        }
        #expect(sent == 2)
        #expect(await eventually { monitor.endedSubscriptions == 1 && monitor.subscriberCount == 0 })
    }

    @Test("A send that throws on a change ends the watch too")
    func endsWhenSendThrowsOnChange() async {
        struct ClientGone: Error {}
        let log = ReadLog<[UInt8]>()
        let dispatcher = self.dispatcher
        let call = Task {
            await dispatcher.handle(Self.watchCall, from: Callers.operatorUser) { reply in
                log.append(reply)
                if log.all.count > SamplePeers.all.count { throw ClientGone() }
            }
        }
        #expect(await eventually { log.all.count == SamplePeers.all.count })
        monitor.publish(SamplePeers.with(SamplePeers.cache, state: .up))
        await call.value
        #expect(log.all.count == SamplePeers.all.count + 1)
        #expect(await eventually { monitor.endedSubscriptions == 1 })
    }

    @Test("Cancelling the task (the server saw the client leave) ends the watch")
    func endsWhenCancelled() async {
        let log = ReadLog<[UInt8]>()
        let dispatcher = self.dispatcher
        let call = Task {
            await dispatcher.handle(Self.watchCall, from: Callers.operatorUser) { log.append($0) }
        }
        #expect(await eventually { log.all.count == SamplePeers.all.count })
        call.cancel()
        await call.value
        #expect(await eventually { monitor.endedSubscriptions == 1 })
    }

    @Test("With no peers, the watch waits for the first change")
    func noPeers() async throws {
        let monitor = FakeMonitor(peers: [])
        let log = ReadLog<[UInt8]>()
        let call = Task {
            let dispatcher = ControlDispatcher.forTests(monitor)
            await dispatcher.handle(Self.watchCall, from: Callers.operatorUser) { log.append($0) }
        }
        #expect(await eventually { monitor.subscriberCount == 1 })
        monitor.publish(SamplePeers.api)
        #expect(await eventually { log.all.count == 1 })
        monitor.finishChanges()
        await call.value
        #expect(try decode(log.all[0]).reply == WatchReply(peer: SamplePeers.api, initial: false))
    }
}
