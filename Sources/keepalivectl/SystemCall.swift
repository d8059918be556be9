import Glibc

/// A system call that failed: which call, and the errno it left.
struct SystemCallError: Error, Equatable, CustomStringConvertible {
    var call: String
    var errno: Int32

    var description: String { "\(call): \(String(cString: strerror(errno)))" }
}

/// Runs a libc call that returns -1 and sets errno on failure, retrying when a signal interrupted it. Every
/// system call of keepalivectl goes through here, so every failure names its call.
@discardableResult
func systemCall<Result: BinaryInteger>(_ name: String, _ body: () -> Result) throws(SystemCallError) -> Result {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SystemCallError(call: name, errno: code)
    }
}
