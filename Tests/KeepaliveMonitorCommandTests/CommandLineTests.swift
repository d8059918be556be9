import Foundation
import KeepaliveTestSupport
import Testing

/// The daemon's command line as operators meet it: golden `--help`, `--check-config` and its errors. Nothing here
/// needs root: it runs the built binary, which only reads files.
@Suite("keepalive-monitor command line")
struct CommandLineTests {
    static let daemon = URL(fileURLWithPath: CommandRun.binary).deletingLastPathComponent()
        .appendingPathComponent("keepalive-monitor").path

    private func run(
        _ arguments: [String],
        in directory: URL? = nil
    ) async throws -> (status: Int32, output: String, errors: String) {
        let result = try await CommandRun.run(
            arguments, executable: Self.daemon, workingDirectory: directory, timeout: .seconds(10))
        return (
            result.status, result.output.trimmingCharacters(in: .newlines),
            result.errors.trimmingCharacters(in: .newlines)
        )
    }

    private func golden(_ name: String) throws -> String {
        try TestFixtures.text(name, of: "KeepaliveMonitorCommandTests").trimmingCharacters(in: .newlines)
    }

    @Test("--help in full sentences (golden)")
    func help() async throws {
        let result = try await run(["--help"])
        #expect(result.status == 0)
        #expect(result.output == (try golden("keepalive-monitor-help.txt")))
    }

    @Test("--version")
    func version() async throws {
        #expect(try await run(["--version"]).output == "0.1.0")
    }

    @Test("--check-config prints every endpoint of the example config with resolved settings (golden)")
    func checkExampleConfig() async throws {
        // Run from the repository, as the golden names the file: config/keepalive-monitor.toml.
        let result = try await run(
            ["--check-config", "--config", "config/keepalive-monitor.toml"], in: TestFixtures.repository)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == (try golden("example-check-config.txt")))
    }

    @Test("--check-config reports every mistake with file:line:column and exits 78")
    func checkBadConfig() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("bad.toml")
        try "[defaults]\nkeepalive_count = 200\n\n[[endpoint]]\nname = \"db\"\naddres = \"10.0.0.5:5432\"\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await run(["--check-config", "--config", path])
        #expect(result.status == 78)
        #expect(result.errors == """
            \(path):2:19: keepalive_count: expected an integer from 1 to 127, found 200
            \(path):4:1: missing required key "address" in [[endpoint]] "db"
            \(path):6:1: unknown key "addres" in [[endpoint]]; did you mean "address"?
            """)
        #expect(result.output.isEmpty)
    }

    @Test("A missing config file is a clear error, not a crash")
    func missingConfig() async throws {
        let result = try await run(["--check-config", "--config", "/nonexistent/keepalive-monitor.toml"])
        #expect(result.status == 78)
        #expect(result.errors == "/nonexistent/keepalive-monitor.toml: cannot read: No such file or directory")
    }
}
