import KeepaliveControl

/// The control socket's fuzz target: arbitrary bytes from a client in, the daemon's replies out.
///
/// The first three bytes choose the caller (root, the daemon's user or another user), the size of the reads the
/// stream arrives in (0: one read) and the message limit (0: the real 64 KiB; n: 8n bytes, to reach the
/// oversize path in short inputs); the rest is the stream. It is framed by `VarlinkFrameDecoder` fed directly and
/// in a NIO pipeline side by side, and every message goes to the real `ControlDispatcher` over `FuzzMonitor`.
///
/// Invariants: both ways of framing agree; every reply is a JSON object with a string `error` or an object
/// `parameters`; a call gets exactly one reply unless it is `oneway` (none) or a `Watch` (a stream, every reply
/// marked `continues`); an error reply never continues; `Reload` and `Reconnect` succeed only for a privileged
/// caller.
public enum VarlinkFuzzTarget {
    /// What the daemon made of the stream.
    public struct Outcome: Hashable, Sendable {
        /// The messages the framing found, in order, as text.
        public var messages: [String]
        /// Whether a message over the limit ended the stream (the daemon then closes the connection).
        public var tooLarge: Bool
        /// The replies to each message, as text, in order.
        public var replies: [[String]]
    }

    /// Calls answered per input, so that one long input cannot turn into a slow one.
    static let maximumMessages = 32
    static let daemonUID: UInt32 = 989
    static let callers = [
        CallerCredentials(pid: 100, uid: 0, gid: 0),
        CallerCredentials(pid: 101, uid: daemonUID, gid: daemonUID),
        CallerCredentials(pid: 102, uid: 1000, gid: 1000),
    ]

    public static func run(_ input: [UInt8]) async -> FuzzRun<Outcome> {
        var options = FuzzInput(input)
        let caller = callers[Int(options.byte()) % callers.count]
        let readSize = options.byte()
        let limitChoice = options.byte()
        let limit = limitChoice == 0 ? ControlDispatcher.maximumMessageSize : Int(limitChoice) * 8
        var log = InvariantLog()
        let framing = FrameSplitting(
            options.rest(), readSize: readSize == 0 ? Int.max / 2 : Int(readSize), limit: limit, &log)
        let dispatcher = ControlDispatcher(control: FuzzMonitor(), privilegedUIDs: [0, daemonUID])
        var replies: [[String]] = []
        for message in framing.messages.prefix(maximumMessages) {
            var answers: [[UInt8]] = []
            await dispatcher.handle(message, from: caller) { answers.append($0) }
            ReplyChecks.check(answers, to: message, privileged: caller.uid != 1000, &log)
            replies.append(answers.map { String(decoding: $0, as: UTF8.self) })
        }
        let outcome = Outcome(
            messages: framing.messages.map { String(decoding: $0, as: UTF8.self) }, tooLarge: framing.tooLarge,
            replies: replies)
        return log.run(outcome)
    }

    /// `run(_:)` for libFuzzer's synchronous callback, on the calling thread.
    public static func runBlocking(_ input: [UInt8]) -> FuzzRun<Outcome> {
        CallingThreadExecutor().run { await run(input) }
    }
}
