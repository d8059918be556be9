import CSystemd
import Glibc
import KeepalivePOSIX

/// Sends entries to journald's native socket with `sd_journal_sendv(3)`.
///
/// Each field travels as its own `NAME=value` iovec, so values may hold newlines or any other byte; the C-variadic
/// `sd_journal_send` is not callable from Swift. Note libsystemd's one blind spot: when the journal socket does not
/// exist at all, `sd_journal_sendv` returns 0 and the entry is lost. `LogDestination.detect` checks for a
/// listening journal before choosing this writer; a stale socket does fail, with `ECONNREFUSED`.
public struct JournalWriter: Sendable {
    /// Creates a writer. libsystemd keeps the socket; there is nothing to open or close here.
    public init() {}

    /// Sends one entry made of `fields`, in order.
    ///
    /// - Throws: `SystemCallError` naming `sd_journal_sendv` with its errno (`ECONNREFUSED` when journald is gone
    ///   but its socket file remains, `EINVAL` for an entry without fields).
    public func send(_ fields: [JournalField]) throws(SystemCallError) {
        var storage: [UInt8] = []
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(fields.count)
        for field in fields {
            let start = storage.count
            storage.append(contentsOf: field.name.utf8)
            storage.append(UInt8(ascii: "="))
            storage.append(contentsOf: field.value.utf8)
            ranges.append(start..<storage.count)
        }
        let result = storage.withUnsafeMutableBytes { buffer -> CInt in
            var vectors = ranges.map { range in
                iovec(iov_base: buffer.baseAddress.map { $0 + range.lowerBound }, iov_len: range.count)
            }
            return vectors.withUnsafeMutableBufferPointer { sd_journal_sendv($0.baseAddress, CInt($0.count)) }
        }
        if result < 0 {
            throw SystemCallError(call: "sd_journal_sendv", errno: -result)
        }
    }
}
