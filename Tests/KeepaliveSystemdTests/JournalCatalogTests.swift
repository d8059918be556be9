import Foundation
import KeepaliveTestSupport
import Testing

extension ProcessWideStateTests {
    /// systemd/keepalive-monitor.catalog, compiled by the real `journalctl --update-catalog` into a scratch root.
    @Suite
    struct JournalCatalogTests {
        @Test func catalogCompilesAndCoversEveryMessageID() throws {
            let root = try TemporaryDirectory()
            defer { root.remove() }
            let catalogDirectory = root.file("usr/lib/systemd/catalog")
            try FileManager.default.createDirectory(atPath: catalogDirectory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(
                atPath: RepositoryLayout.path("systemd/keepalive-monitor.catalog"),
                toPath: catalogDirectory + "/keepalive-monitor.catalog"
            )
            let update = try CommandRun.runBlocking(
                "/usr/bin/journalctl",
                ["--root", root.path, "--update-catalog"]
            )
            #expect(update.status == 0 && update.output.isEmpty, "journalctl --update-catalog said:\n\(update.output)")
            let list = try CommandRun.runBlocking(
                "/usr/bin/journalctl",
                ["--root", root.path, "--list-catalog"]
            )
            try #require(list.status == 0, "journalctl --list-catalog said:\n\(list.output)")

            var subjects: [String: String] = [:]
            for line in list.output.split(separator: "\n") {
                let parts = line.split(separator: " ", maxSplits: 1)
                subjects[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
            let ids = try Self.messageIDs()
            #expect(ids.count == 10, "MessageID.swift or JournalSpool.swift changed: update the catalog and this count")
            #expect(Set(subjects.keys) == ids)
            for (id, subject) in subjects {
                #expect(subject.hasPrefix("keepalive-monitor: "), "\(id) must be Defined-By: keepalive-monitor")
            }
        }

        /// The ids in Sources/KeepaliveCore/MessageID.swift and the journal spool's own two (lost, back), read from
        /// the source: this test target does not link KeepaliveCore, and the catalog must follow the source, not a
        /// copy of it.
        private static func messageIDs() throws -> Set<String> {
            var ids: Set<String> = []
            for (file, pattern) in [
                ("Sources/KeepaliveCore/MessageID.swift", #"case \w+ = "([0-9a-f]{32})""#),
                ("Sources/KeepaliveSystemd/JournalSpool.swift", #"static let \w+MessageID = "([0-9a-f]{32})""#),
            ] {
                let source = try String(contentsOfFile: RepositoryLayout.path(file), encoding: .utf8)
                ids.formUnion(source.matches(of: try Regex(pattern)).compactMap { $0.output[1].substring.map(String.init) })
            }
            return ids
        }
    }
}
