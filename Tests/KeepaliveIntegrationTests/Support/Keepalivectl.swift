import KeepaliveTestSupport

/// The built `keepalivectl`, run to completion by `CommandRun`, without colour.
enum Keepalivectl {
    /// Runs `keepalivectl arguments…`, in a network namespace if `namespace` is given and as another user if
    /// `identity` (setpriv's options) is; returns its exit status and its output, stdout and stderr in one text.
    /// Throws if it has not finished within `timeout`.
    static func run(
        _ arguments: [String],
        in namespace: String? = nil,
        as identity: [String] = [],
        timeout: Duration = .seconds(15)
    ) throws -> (status: Int32, output: String) {
        var command = identity.isEmpty ? [TestPaths.keepalivectl] : ["setpriv"] + identity + [TestPaths.keepalivectl]
        if let namespace { command = ["ip", "netns", "exec", namespace] + command }
        return try CommandRun.runBlocking(
            command[0], Array(command.dropFirst()) + arguments, environment: ["NO_COLOR": "1"], timeout: timeout)
    }
}
