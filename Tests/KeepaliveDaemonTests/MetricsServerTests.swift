import Glibc
import KeepaliveCore
import NIOPosix
import Testing

@testable import KeepaliveDaemon

/// The metrics listener over a real loopback socket (a port the kernel picks), with a stand-in scrape: status
/// codes, headers, keep-alive and pipelining as a scraper sees them.
@Suite("Metrics listener: HTTP/1 on loopback", .serialized)
struct MetricsServerTests {
    static let body = "# TYPE x gauge\nx 1\n"

    func withServer(_ body: (Int) throws -> Void) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await MetricsServer.start(
            address: EndpointAddress(host: "127.0.0.1", port: 0, kind: .ipv4), group: group,
            contentType: "text/plain; version=0.0.4; charset=utf-8", scrape: { $0.buffer(string: Self.body) })
        do {
            try body(server.port)
        } catch {
            await server.close()
            try await group.shutdownGracefully()
            throw error
        }
        await server.close()
        try await group.shutdownGracefully()
    }

    @Test("GET /metrics (with or without a query string) is the scrape, as text/plain version 0.0.4")
    func scrape() async throws {
        try await withServer { port in
            for path in ["/metrics", "/metrics?name[]=x"] {
                let reply = try RawHTTP.exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                #expect(reply.hasPrefix("HTTP/1.1 200 OK\r\n"))
                #expect(reply.contains("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"))
                #expect(reply.contains("Content-Length: \(Self.body.utf8.count)\r\n"))
                #expect(reply.hasSuffix("\r\n\r\n" + Self.body))
            }
        }
    }

    @Test("Other paths are 404, other methods on /metrics are 405 with Allow: GET")
    func errors() async throws {
        try await withServer { port in
            let notFound = try RawHTTP.exchange(port: port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(notFound.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
            let other = try RawHTTP.exchange(port: port, "POST /metricsx HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            #expect(other.hasPrefix("HTTP/1.1 404 Not Found\r\n"))
            for method in ["POST", "PUT", "DELETE", "HEAD"] {
                let reply = try RawHTTP.exchange(
                    port: port, "\(method) /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                #expect(reply.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"), "\(method)")
                #expect(reply.contains("Allow: GET\r\n"), "\(method)")
            }
        }
    }

    @Test("Keep-alive: two pipelined scrapes on one connection are both answered, in order")
    func keepAlive() async throws {
        try await withServer { port in
            let reply = try RawHTTP.exchange(
                port: port,
                "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let first = reply.firstRange(of: "HTTP/1.1 200 OK")
            let second = reply.firstRange(of: "HTTP/1.1 404 Not Found")
            #expect(first != nil && second != nil)
            if let first, let second { #expect(first.lowerBound < second.lowerBound) }
        }
    }
}

/// A blocking HTTP/1 client of a few lines: sends the bytes, reads until the server closes (5 s at most).
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func exchange(port: Int, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: errno \(errno)") }
        let bytes = Array(request.utf8)
        guard send(fd, bytes, bytes.count, 0) == bytes.count else { throw Failure(description: "send: errno \(errno)") }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count < 0 { throw Failure(description: "recv: errno \(errno) after \(reply.count) bytes") }
            if count == 0 { break }
            reply += chunk[..<count]
        }
        return String(decoding: reply, as: UTF8.self)
    }
}
