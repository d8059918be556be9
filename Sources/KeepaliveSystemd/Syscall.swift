import Glibc

/// Every libc call this module makes, each wrapped once: retries `EINTR` where the call may be retried and
/// turns failures into a `SystemCallError` that names the call.
enum Syscall {
    /// Runs `body` until it does not fail with `EINTR`; any other `-1` becomes an error naming `call`.
    private static func retryingInterrupts(
        _ call: String,
        _ body: () -> CInt
    ) throws(SystemCallError) -> CInt {
        while true {
            let result = body()
            if result != -1 {
                return result
            }
            let code = errno
            if code != EINTR {
                throw SystemCallError(call: call, errno: code)
            }
        }
    }

    /// `fstat(2)`: the device and inode of `fd`, to compare with `JOURNAL_STREAM`.
    static func fstat(_ fd: CInt) throws(SystemCallError) -> stat {
        var info = stat()
        _ = try retryingInterrupts("fstat") { Glibc.fstat(fd, &info) }
        return info
    }

    /// `isatty(3)`. Its failure (`ENOTTY`, `EBADF`) only ever means "not a terminal", so it answers a Bool.
    static func isTerminal(_ fd: CInt) -> Bool {
        Glibc.isatty(fd) == 1
    }

    /// `socket(2)` with `SOCK_CLOEXEC`, so a probe socket never leaks into a child process.
    static func socket(domain: CInt, type: CInt) throws(SystemCallError) -> CInt {
        try retryingInterrupts("socket") { Glibc.socket(domain, type | CInt(SOCK_CLOEXEC.rawValue), 0) }
    }

    /// `connect(2)` to the AF_UNIX socket at `path`; an over-long path fails as `ENAMETOOLONG`.
    static func connect(_ fd: CInt, unixPath path: String) throws(SystemCallError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity else {
            throw SystemCallError(call: "connect", errno: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { pathBytes in
            pathBytes.copyBytes(from: bytes)
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + 1)
        _ = try retryingInterrupts("connect") {
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
            }
        }
    }

    /// `close(2)`. Never retried: on Linux the descriptor is gone even when close reports `EINTR`, and a retry
    /// could close a descriptor another thread has just been given.
    static func close(_ fd: CInt) {
        _ = Glibc.close(fd)
    }

    /// `write(2)` of all of `bytes`, continuing after a short write. One call in the usual case, so that lines
    /// from concurrent writers do not interleave (pipes keep writes up to `PIPE_BUF` whole).
    static func writeAll(_ fd: CInt, _ bytes: [UInt8]) throws(SystemCallError) {
        // Through a Result: `withUnsafeBytes` rethrows untyped errors.
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(SystemCallError) in try writeAll(fd, buffer) }
        }.get()
    }

    /// `write(2)` until every byte of `buffer` is written, retrying on `EINTR`.
    static func writeAll(_ fd: CInt, _ buffer: UnsafeRawBufferPointer) throws(SystemCallError) {
        var written = 0
        while written < buffer.count {
            let result = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
            if result >= 0 {
                written += result
                continue
            }
            let code = errno
            if code != EINTR {
                throw SystemCallError(call: "write", errno: code)
            }
        }
    }

    /// `clock_gettime(2)`. It fails only for an unknown clock id, which would be a bug here.
    static func clockTime(_ clock: clockid_t) -> timespec {
        var now = timespec()
        let result = clock_gettime(clock, &now)
        precondition(result == 0, "clock_gettime(\(clock)) failed: errno \(errno)")
        return now
    }

    /// `getenv(3)`, as a Swift string.
    static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
