import KeepaliveControl

/// A caller of each kind: root, the daemon's own user, and someone else.
public enum Callers {
    public static let daemonUID: UInt32 = 989
    public static let root = CallerCredentials(pid: 100, uid: 0, gid: 0)
    public static let daemonUser = CallerCredentials(pid: 101, uid: daemonUID, gid: daemonUID)
    public static let operatorUser = CallerCredentials(pid: 102, uid: 1000, gid: 1000)
}

extension ControlDispatcher {
    /// A dispatcher over `control` that trusts root and the daemon's uid, as the daemon sets it up.
    public static func forTests(_ control: any MonitorControl) -> ControlDispatcher {
        ControlDispatcher(control: control, privilegedUIDs: [0, Callers.daemonUID])
    }

    /// Every reply to `message`, decoded as JSON text.
    public func replies(to message: String, from caller: CallerCredentials = Callers.operatorUser) async -> [String] {
        var replies: [String] = []
        await handle(Array(message.utf8), from: caller) { reply in
            replies.append(String(decoding: reply, as: UTF8.self))
        }
        return replies
    }

    /// The only reply to `message`, as text; "" when there were none or several.
    public func reply(to message: String, from caller: CallerCredentials = Callers.operatorUser) async -> String {
        let replies = await replies(to: message, from: caller)
        return replies.count == 1 ? replies[0] : ""
    }
}
