import Glibc
import KeepaliveTestSupport

/// A real pipe whose write end a log handler writes to, as it would to stderr; the test reads what arrived.
final class PipeCapture {
    let readEnd: CInt
    let writeEnd: CInt

    init() throws {
        var fds: [CInt] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw TestFailure("pipe: errno \(errno)")
        }
        (self.readEnd, self.writeEnd) = (fds[0], fds[1])
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        _ = fcntl(self.readEnd, F_SETFL, O_NONBLOCK)
    }

    /// Everything written so far (the pipe is non-blocking: an empty pipe reads as "").
    func readAvailable() -> String {
        var collected: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(self.readEnd, $0.baseAddress, $0.count) }
            if count <= 0 {
                break
            }
            collected += buffer[..<count]
        }
        return String(decoding: collected, as: UTF8.self)
    }

    func close() {
        Glibc.close(self.readEnd)
        Glibc.close(self.writeEnd)
    }
}
