import Glibc
import NIOCore
import NIOPosix
import Synchronization

/// Resolves endpoint names with `getaddrinfo`, each lookup on a thread of its own, and gives up waiting after a
/// bound. NIO's own resolver runs every lookup of an event loop on one serial queue: a name server that never
/// answers (glibc waits `timeout × attempts` per server: 10 s by default, per address family) held every later
/// lookup of that loop behind it, and each reconnect of the stuck endpoint queued another. Here a name has at
/// most one lookup in flight — a reconnect while it is still stuck waits on the same one — and no lookup waits
/// for another's name.
final class NameLookups: Sendable {
    /// No answer within the bound: the endpoint is `dns`, and the lookup goes on in the background.
    struct TimedOut: Error {
        var host: String
        var after: Duration
    }

    /// getaddrinfo's own answer: no such name, no address, a failing server.
    struct Failed: Error {
        var host: String
        var message: String
    }

    /// One caller waiting, on its own loop.
    private final class Waiter: @unchecked Sendable {
        // @unchecked: `finished` is read and written on `promise.futureResult.eventLoop` only.
        let promise: EventLoopPromise<[SocketAddress]>
        var finished = false

        init(_ promise: EventLoopPromise<[SocketAddress]>) {
            self.promise = promise
        }

        func finish(_ result: Result<[SocketAddress], any Error>) {
            let loop = promise.futureResult.eventLoop
            loop.execute {
                guard !self.finished else { return }
                self.finished = true
                self.promise.completeWith(result)
            }
        }
    }

    fileprivate struct Key: Hashable, Sendable {
        var host: String
        var port: Int
    }

    private let inFlight = Mutex<[Key: [Waiter]]>([:])

    /// The addresses of `host` (both families, the resolver's order), on `loop`; fails with `TimedOut` after
    /// `timeout`, or with `Failed`.
    func resolve(host: String, port: Int, timeout: Duration, on loop: any EventLoop) -> EventLoopFuture<[SocketAddress]> {
        let waiter = Waiter(loop.makePromise())
        let key = Key(host: host, port: port)
        let first = inFlight.withLock { lookups -> Bool in
            if lookups[key] != nil {
                lookups[key]!.append(waiter)
                return false
            }
            lookups[key] = [waiter]
            return true
        }
        loop.scheduleTask(in: TimeAmount(timeout)) {
            waiter.finish(.failure(TimedOut(host: host, after: timeout)))
        }
        if first { start(key) }
        return waiter.promise.futureResult
    }

    private func start(_ key: Key) {
        let job = Unmanaged.passRetained(LookupJob(key: key, lookups: self))
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let result = pthread_create(&thread, &attributes, runLookup, job.toOpaque())
        pthread_attr_destroy(&attributes)
        if result != 0 {
            job.release()
            finish(key, .failure(Failed(host: key.host, message: "cannot start a lookup thread: \(String(cString: strerror(result)))")))
        }
    }

    fileprivate final class LookupJob: Sendable {
        let key: Key
        let lookups: NameLookups

        init(key: Key, lookups: NameLookups) {
            self.key = key
            self.lookups = lookups
        }

        /// On the lookup's own thread.
        func run() {
            lookups.finish(key, NameLookups.addresses(of: key))
        }
    }

    private func finish(_ key: Key, _ result: Result<[SocketAddress], any Error>) {
        let waiters = inFlight.withLock { $0.removeValue(forKey: key) } ?? []
        for waiter in waiters { waiter.finish(result) }
    }

    /// Blocking `getaddrinfo` for TCP, both families.
    fileprivate static func addresses(of key: Key) -> Result<[SocketAddress], any Error> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(key.host, String(key.port), &hints, &list)
        guard status == 0 else {
            let message = status == EAI_SYSTEM ? String(cString: strerror(errno)) : String(cString: gai_strerror(status))
            return .failure(Failed(host: key.host, message: message))
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var entry = list
        while let current = entry?.pointee {
            if let address = current.ai_addr {
                switch current.ai_family {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                        addresses.append(SocketAddress($0.pointee, host: key.host))
                    }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                        addresses.append(SocketAddress($0.pointee, host: key.host))
                    }
                default: break
                }
            }
            entry = current.ai_next
        }
        guard !addresses.isEmpty else { return .failure(Failed(host: key.host, message: "no addresses")) }
        return .success(addresses)
    }
}

/// The body of a lookup thread: `context` is a retained `NameLookups.LookupJob`.
private func runLookup(_ context: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
    Unmanaged<NameLookups.LookupJob>.fromOpaque(context!).takeRetainedValue().run()
    return nil
}

/// Hands NIO's Happy Eyeballs connector the addresses `NameLookups` found, so that it still races IPv6 and IPv4.
struct ResolvedAddresses: Resolver, Sendable {
    let addresses: [SocketAddress]
    let loop: any EventLoop

    func initiateAQuery(host: String, port: Int) -> EventLoopFuture<[SocketAddress]> {
        loop.makeSucceededFuture(addresses.filter { $0.protocol == .inet })
    }

    func initiateAAAAQuery(host: String, port: Int) -> EventLoopFuture<[SocketAddress]> {
        loop.makeSucceededFuture(addresses.filter { $0.protocol == .inet6 })
    }

    func cancelQueries() {}
}
