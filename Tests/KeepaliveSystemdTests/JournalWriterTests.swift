import Glibc
import KeepalivePOSIX
import Testing
@testable import KeepaliveSystemd

/// `JournalWriter`'s error path without a journal; the real delivery is in `JournaldTests`.
@Suite
struct JournalWriterTests {
    @Test func anEmptyEntryIsRefusedNamingTheCall() {
        #expect(throws: SystemCallError(call: "sd_journal_sendv", errno: EINVAL)) {
            try JournalWriter().send([])
        }
    }

    @Test func errorsDescribeTheCallAndTheErrno() {
        #expect(
            SystemCallError(call: "sd_journal_sendv", errno: ECONNREFUSED).description
                == "sd_journal_sendv: Connection refused (errno 111)"
        )
    }
}
