import Foundation
import KeepaliveTestSupport

/// HTTP from inside a network namespace (the daemon's metrics listener and Prometheus bind that namespace's
/// loopback), through `Fixtures/http_get.py`.
enum NamespaceHTTP {
    struct Reply {
        var status: Int
        var headers: [String]
        var body: String
    }

    static func request(namespace: String, _ url: String, method: String = "GET") throws -> Reply {
        let output = try Shell.run(
            ["ip", "netns", "exec", namespace, "python3", TestPaths.fixtures.appendingPathComponent("http_get.py").path,
             url, method])
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        guard let first = lines.first, let status = Int(first) else {
            throw TestFailure("no HTTP reply from \(url): \(output)")
        }
        let headerEnd = lines.dropFirst().firstIndex(of: "") ?? lines.endIndex
        let headers = lines[1..<headerEnd].map(String.init)
        let body = headerEnd < lines.endIndex ? lines[(headerEnd + 1)...].joined(separator: "\n") : ""
        return Reply(status: status, headers: headers, body: body)
    }
}

/// A real Prometheus server (Debian's `prometheus`) in a namespace, with its own temporary configuration and
/// storage, scraping every second; `stop()` kills it by pid.
final class PrometheusServer: Sendable {
    let process: ChildProcess
    let namespace: String
    let base: String

    init(namespace: String, directory: URL, targets: [String], ruleFiles: [String], port: Int = 9090) throws {
        self.namespace = namespace
        base = "http://127.0.0.1:\(port)"
        let config = directory.appendingPathComponent("prometheus.yml")
        try """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files:
            \(ruleFiles.map { "  - \($0)" }.joined(separator: "\n"))
            scrape_configs:
              - job_name: keepalive-monitor
                static_configs:
                  - targets: [\(targets.map { "'\($0)'" }.joined(separator: ", "))]
            """.write(to: config, atomically: true, encoding: .utf8)
        process = try ChildProcess(
            name: "prometheus",
            arguments: [
                "ip", "netns", "exec", namespace, "prometheus", "--config.file=\(config.path)",
                "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
                "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
            ])
    }

    /// The values of an instant query, by the series' labels.
    func query(_ expression: String) throws -> [(labels: [String: String], value: String)] {
        let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? expression
        let reply = try NamespaceHTTP.request(namespace: namespace, "\(base)/api/v1/query?query=\(encoded)")
        guard reply.status == 200,
            let json = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any],
            let data = json["data"] as? [String: Any], let result = data["result"] as? [[String: Any]]
        else { throw TestFailure("query \(expression): \(reply.status) \(reply.body)") }
        return result.map { entry in
            let labels = entry["metric"] as? [String: String] ?? [:]
            let value = (entry["value"] as? [Any])?.last as? String ?? ""
            return (labels, value)
        }
    }

    /// Alerts Prometheus evaluates now (pending or firing): name, state and labels.
    func alerts() throws -> [(name: String, state: String, labels: [String: String])] {
        let reply = try NamespaceHTTP.request(namespace: namespace, "\(base)/api/v1/alerts")
        guard let json = try JSONSerialization.jsonObject(with: Data(reply.body.utf8)) as? [String: Any],
            let data = json["data"] as? [String: Any], let alerts = data["alerts"] as? [[String: Any]]
        else { throw TestFailure("alerts: \(reply.status) \(reply.body)") }
        return alerts.map { alert in
            let labels = alert["labels"] as? [String: String] ?? [:]
            return (labels["alertname"] ?? "", alert["state"] as? String ?? "", labels)
        }
    }

    /// Polls `condition` (errors count as not yet, Prometheus may still be starting) until it holds.
    func wait(timeout: Duration, _ condition: () throws -> Bool) -> Bool {
        eventually(timeout: timeout, pollingEvery: .milliseconds(200)) { (try? condition()) == true }
    }

    func stop() { process.stop() }
}
