import Glibc

/// The project's syscalls that can be interrupted or fail, each wrapped once (as SwiftNIO keeps its syscalls in
/// `NIOPosix/System.swift`): retried on `EINTR` where the call may be retried, and a failure becomes a
/// `SystemCallError` that names the call.
public enum POSIX {
    /// Runs `body` until it does not fail with `EINTR`; any other negative result becomes an error naming `call`.
    @discardableResult
    public static func retryingInterrupts<Result: BinaryInteger>(
        _ call: String,
        _ body: () -> Result
    ) throws(SystemCallError) -> Result {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = Glibc.errno
            if code != EINTR { throw SystemCallError(call: call, errno: code) }
        }
    }

    /// `close(2)`. Never retried: on Linux the descriptor is gone even when close reports `EINTR`, and a retry
    /// could close a descriptor another thread has just been given.
    public static func close(_ fd: CInt) {
        _ = Glibc.close(fd)
    }

    /// `write(2)` of all of `bytes`, continuing after a short write. One call in the usual case, so that lines
    /// from concurrent writers do not interleave (pipes keep writes up to `PIPE_BUF` whole).
    public static func writeAll(_ fd: CInt, _ bytes: [UInt8]) throws(SystemCallError) {
        // Through a Result: `withUnsafeBytes` rethrows untyped errors.
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(SystemCallError) in try writeAll(fd, buffer) }
        }.get()
    }

    /// `write(2)` until every byte of `buffer` is written, retrying on `EINTR`.
    public static func writeAll(_ fd: CInt, _ buffer: UnsafeRawBufferPointer) throws(SystemCallError) {
        try transferAll(buffer, call: "write") { start, count in Glibc.write(fd, start, count) }
    }

    /// `send(2)` until every byte of `bytes` is sent, retrying on `EINTR`. `flags` such as `MSG_NOSIGNAL`: a peer
    /// that went away is then an error to report (`EPIPE`), not a SIGPIPE.
    public static func sendAll(_ fd: CInt, _ bytes: [UInt8], flags: CInt) throws(SystemCallError) {
        try bytes.withUnsafeBytes { buffer in
            Result { () throws(SystemCallError) in
                try transferAll(buffer, call: "send") { start, count in Glibc.send(fd, start, count, flags) }
            }
        }.get()
    }

    /// The one write-everything loop of `writeAll` and `sendAll`: `transfer` moves some of the bytes left and
    /// says how many, and is called again for the rest (retried on `EINTR`).
    private static func transferAll(
        _ buffer: UnsafeRawBufferPointer,
        call: String,
        _ transfer: (UnsafeRawPointer, Int) -> Int
    ) throws(SystemCallError) {
        var done = 0
        while done < buffer.count {
            done += try retryingInterrupts(call) { transfer(buffer.baseAddress! + done, buffer.count - done) }
        }
    }

    /// `socket(2)` with `SOCK_CLOEXEC`, so that no socket leaks into a child process.
    public static func socket(domain: CInt, type: CInt) throws(SystemCallError) -> CInt {
        try retryingInterrupts("socket") { Glibc.socket(domain, type | CInt(SOCK_CLOEXEC.rawValue), 0) }
    }

    /// `connect(2)` to the AF_UNIX socket at `path`.
    public static func connect(_ fd: CInt, unixPath path: String) throws(SystemCallError) {
        try UnixSocketAddress.withAddress(path, call: "connect") { address, length throws(SystemCallError) in
            _ = try retryingInterrupts("connect") { Glibc.connect(fd, address, length) }
        }
    }

    /// `fstat(2)`.
    public static func fstat(_ fd: CInt) throws(SystemCallError) -> Glibc.stat {
        var info = Glibc.stat()
        try retryingInterrupts("fstat") { Glibc.fstat(fd, &info) }
        return info
    }

    /// `stat(2)` of `path`; nil when nothing is there (`ENOENT`).
    public static func fileStatus(atPath path: String) throws(SystemCallError) -> Glibc.stat? {
        var info = Glibc.stat()
        guard stat(path, &info) == 0 else {
            if Glibc.errno == ENOENT { return nil }
            throw SystemCallError(call: "stat \(path)", errno: Glibc.errno)
        }
        return info
    }

    /// `mkdir(2)`; an existing directory is not an error.
    public static func makeDirectory(_ path: String, mode: mode_t) throws(SystemCallError) {
        guard Glibc.mkdir(path, mode) == 0 || Glibc.errno == EEXIST else {
            throw SystemCallError(call: "mkdir \(path)", errno: Glibc.errno)
        }
    }

    /// `chmod(2)`.
    public static func changeMode(_ path: String, _ mode: mode_t) throws(SystemCallError) {
        try retryingInterrupts("chmod \(path)") { Glibc.chmod(path, mode) }
    }

    /// `chown(2)`; `uid_t.max` / `gid_t.max` (-1) leave that owner as it is.
    public static func changeOwner(_ path: String, user: uid_t = .max, group: gid_t) throws(SystemCallError) {
        try retryingInterrupts("chown \(path)") { Glibc.chown(path, user, group) }
    }

    /// `access(2)` with `F_OK`: whether anything is at `path`.
    public static func fileExists(_ path: String) -> Bool {
        Glibc.access(path, F_OK) == 0
    }

    /// `unlink(2)`; nothing there is not an error.
    public static func removeFile(_ path: String) {
        _ = Glibc.unlink(path)
    }

    /// The whole file at `path` (`open`, `read` until its end, `close`), refused once it passes `limit` bytes.
    public static func readFile(_ path: String, limit: Int) throws(SystemCallError) -> [UInt8] {
        let fd = try retryingInterrupts("open \(path)") { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try retryingInterrupts("read \(path)") { Glibc.read(fd, &buffer, buffer.count) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit { throw SystemCallError(call: "read \(path)", errno: EFBIG) }
        }
    }

    /// `isatty(3)`. Its failure (`ENOTTY`, `EBADF`) only ever means "not a terminal", so it answers a Bool.
    public static func isTerminal(_ fd: CInt) -> Bool {
        Glibc.isatty(fd) == 1
    }

    /// `getenv(3)`, as a Swift string.
    public static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
