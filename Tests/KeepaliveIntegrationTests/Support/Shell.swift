import KeepaliveTestSupport

/// Short commands (ip, nft, ss) run to completion by `CommandRun`, failing loudly with their output.
enum Shell {
    struct Failure: Error, CustomStringConvertible {
        var command: [String]
        var status: Int32
        var output: String
        var description: String { "`\(command.joined(separator: " "))` exited \(status): \(output)" }
    }

    /// Runs `arguments` (a command in `PATH`, or leading `NAME=value` words and then one, as for env(1)) and
    /// returns its standard output and standard error; throws when it exits nonzero, unless `allowFailure`. The
    /// default timeout only guards against a hang: the install script's release build is the longest caller.
    @discardableResult
    static func run(_ arguments: [String], allowFailure: Bool = false, timeout: Duration = .seconds(1_800)) throws -> String {
        guard let command = arguments.first else { throw TestFailure("Shell.run: no command") }
        let result = try CommandRun.runBlocking(command, Array(arguments.dropFirst()), timeout: timeout)
        if result.status != 0 && !allowFailure {
            throw Failure(command: arguments, status: result.status, output: result.output)
        }
        return result.output
    }

    @discardableResult
    static func run(_ words: String...) throws -> String {
        try run(words)
    }
}
