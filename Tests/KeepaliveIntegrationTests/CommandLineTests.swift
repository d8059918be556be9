import Foundation
import Testing

/// The daemon's command line as operators meet it: golden `--help`, `--check-config` and its errors.
@Suite("keepalive-monitor command line")
struct CommandLineTests {
    init() throws {
        try Preconditions.requireRootAndTools()
    }

    private func run(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String, errors: String) {
        let process = try ChildProcess(name: "keepalive-monitor", arguments: [TestPaths.daemon] + arguments, directory: directory)
        defer { process.stop() }
        _ = process.waitForExit(timeout: .seconds(10))
        let lines = process.allLines
        func text(_ selected: [ChildProcess.Line]) -> String {
            selected.map(\.text).joined(separator: "\n").trimmingCharacters(in: .newlines)
        }
        return (
            process.exitStatus ?? -1,
            text(lines.filter { !$0.fromStandardError }),
            text(lines.filter(\.fromStandardError))
        )
    }

    private func golden(_ name: String) throws -> String {
        try String(contentsOf: TestPaths.fixtures.appendingPathComponent(name), encoding: .utf8)
            .trimmingCharacters(in: .newlines)
    }

    @Test("--help in full sentences (golden)")
    func help() throws {
        let result = try run(["--help"])
        #expect(result.status == 0)
        #expect(result.output == (try golden("keepalive-monitor-help.txt")))
    }

    @Test("--version")
    func version() throws {
        #expect(try run(["--version"]).output == "0.1.0")
    }

    @Test("--check-config prints every endpoint of the example config with resolved settings (golden)")
    func checkExampleConfig() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let result = try run(["--check-config", "--config", "config/keepalive-monitor.toml"], in: repository)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == (try golden("example-check-config.txt")))
    }

    @Test("--check-config reports every mistake with file:line:column and exits 78")
    func checkBadConfig() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("bad.toml").path
        try "[defaults]\nkeepalive_count = 200\n\n[[endpoint]]\nname = \"db\"\naddres = \"10.0.0.5:5432\"\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try run(["--check-config", "--config", path])
        #expect(result.status == 78)
        #expect(result.errors == """
            \(path):2:19: keepalive_count: expected an integer from 1 to 127, found 200
            \(path):4:1: missing required key "address" in [[endpoint]] "db"
            \(path):6:1: unknown key "addres" in [[endpoint]]; did you mean "address"?
            """)
        #expect(result.output.isEmpty)
    }

    @Test("A missing config file is a clear error, not a crash")
    func missingConfig() throws {
        let result = try run(["--check-config", "--config", "/nonexistent/keepalive-monitor.toml"])
        #expect(result.status == 78)
        #expect(result.errors == "/nonexistent/keepalive-monitor.toml: cannot read: No such file or directory")
    }
}
