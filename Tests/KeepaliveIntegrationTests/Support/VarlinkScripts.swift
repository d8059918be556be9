import Foundation
import KeepaliveTestSupport

/// Runs the Python control clients in Fixtures/ and decodes their one-JSON-object-per-line output.
enum VarlinkScripts {
    /// `varlink_client.py` (the reference PyPI client): one call or a watch, as the test's user.
    static func client(_ socket: String, _ arguments: String...) throws -> [[String: Any]] {
        try decode(Shell.run(["python3", TestPaths.fixtures.appendingPathComponent("varlink_client.py").path, socket] + arguments))
    }

    /// `varlink_abuse.py` (raw sockets, standard library only), optionally under `setpriv` as another user.
    static func abuse(_ socket: String, cases: [String], as identity: [String] = []) throws -> [String: [String: Any]] {
        let python = identity.isEmpty ? ["python3"] : ["setpriv"] + identity + ["/usr/bin/python3"]
        let lines = try decode(
            Shell.run(python + [TestPaths.fixtures.appendingPathComponent("varlink_abuse.py").path, socket] + cases))
        return Dictionary(lines.map { ($0["case"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func decode(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").filter { $0.hasPrefix("{") }.map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw TestFailure("not a JSON object: \(line)")
            }
            return object
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    /// `self[a][b]…` through nested objects.
    func value(_ path: String...) -> Any? {
        var current: Any? = self
        for key in path {
            current = (current as? [String: Any])?[key]
        }
        return current
    }
}
