import NIOCore
import NIOHTTP1

/// Answers HTTP/1 requests after NIO's server pipeline: `GET /metrics` (any query string) with the scrape,
/// 404 for any other path, 405 for any other method on `/metrics`. Keep-alive is honoured; NIO's pipeline
/// handler holds pipelined requests until the previous response has been written.
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    static let path = "/metrics"

    private let contentType: String
    private let scrape: @Sendable (ByteBufferAllocator) async -> ByteBuffer
    private var request: HTTPRequestHead?

    init(contentType: String, scrape: @escaping @Sendable (ByteBufferAllocator) async -> ByteBuffer) {
        self.contentType = contentType
        self.scrape = scrape
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            request = head
        case .body:
            break
        case .end:
            guard let head = request else { return }
            request = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to head: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard path == Self.path else {
            return send(.notFound, "Not found; the metrics are at \(Self.path)\n", to: head, context: context)
        }
        guard head.method == .GET else {
            return send(.methodNotAllowed, "Only GET is allowed on \(Self.path)\n", to: head, context: context,
                        extraHeaders: [("Allow", "GET")])
        }
        let scrape = self.scrape
        let allocator = context.channel.allocator
        let promise = context.eventLoop.makePromise(of: ByteBuffer.self)
        promise.completeWithTask { await scrape(allocator) }
        let contentType = self.contentType
        promise.futureResult.assumeIsolated().whenSuccess { body in
            self.send(.ok, body: body, contentType: contentType, to: head, context: context)
        }
    }

    private func send(
        _ status: HTTPResponseStatus,
        _ text: String,
        to head: HTTPRequestHead,
        context: ChannelHandlerContext,
        extraHeaders: [(String, String)] = []
    ) {
        send(status, body: context.channel.allocator.buffer(string: text), contentType: "text/plain; charset=utf-8",
             to: head, context: context, extraHeaders: extraHeaders)
    }

    private func send(
        _ status: HTTPResponseStatus,
        body: ByteBuffer,
        contentType: String,
        to head: HTTPRequestHead,
        context: ChannelHandlerContext,
        extraHeaders: [(String, String)] = []
    ) {
        var headers = HTTPHeaders([("Content-Type", contentType), ("Content-Length", String(body.readableBytes))])
        headers.add(contentsOf: extraHeaders)
        let keepAlive = head.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        // A reply to HEAD has the headers of the body it does not carry.
        if head.method != .HEAD {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        if !keepAlive {
            written.futureResult.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}
