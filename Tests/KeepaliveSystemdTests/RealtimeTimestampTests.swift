import Glibc
import Testing

@testable import KeepaliveSystemd

/// The ISO-8601 rendering, checked against libc's `gmtime_r` as the oracle.
@Suite
struct RealtimeTimestampTests {
    @Test func knownInstants() {
        #expect(RealtimeTimestamp(secondsSinceEpoch: 0).iso8601 == "1970-01-01T00:00:00.000Z")
        #expect(
            RealtimeTimestamp(secondsSinceEpoch: -1, nanoseconds: 999_999_999).iso8601 == "1969-12-31T23:59:59.999Z"
        )
        #expect(
            RealtimeTimestamp(secondsSinceEpoch: 1_709_164_800, nanoseconds: 5_000_000).iso8601
                == "2024-02-29T00:00:00.005Z"
        )
        #expect(
            RealtimeTimestamp(secondsSinceEpoch: 1_795_293_001, nanoseconds: 123_999_999).iso8601
                == "2026-11-21T20:30:01.123Z"
        )
    }

    @Test func agreesWithGmtime() {
        var seconds: Int64 = -2_208_988_800  // 1900-01-01
        while seconds < 4_102_444_800 {  // 2100-01-01
            var time = time_t(seconds)
            var broken = tm()
            gmtime_r(&time, &broken)
            let expected = Self.iso8601(broken)
            #expect(RealtimeTimestamp(secondsSinceEpoch: seconds).iso8601 == expected)
            seconds += 86_399 * 7 + 3_607
        }
    }

    /// Against `clock_gettime` itself: `time(2)` reads the coarse clock, which lags by up to a tick and made this
    /// comparison fail.
    @Test func nowIsTheRealtimeClock() {
        var before = timespec()
        clock_gettime(CLOCK_REALTIME, &before)
        let now = RealtimeTimestamp.now()
        var after = timespec()
        clock_gettime(CLOCK_REALTIME, &after)
        let nanoseconds = { (seconds: Int64, nanoseconds: Int64) in seconds * 1_000_000_000 + nanoseconds }
        let value = nanoseconds(now.secondsSinceEpoch, now.nanoseconds)
        #expect(nanoseconds(Int64(before.tv_sec), Int64(before.tv_nsec)) <= value)
        #expect(value <= nanoseconds(Int64(after.tv_sec), Int64(after.tv_nsec)))
    }
}

extension RealtimeTimestampTests {
    /// `gmtime_r`'s broken-down time in the format under test, for whole seconds.
    fileprivate static func iso8601(_ time: tm) -> String {
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(time.tm_year + 1900)-\(two(time.tm_mon + 1))-\(two(time.tm_mday))"
            + "T\(two(time.tm_hour)):\(two(time.tm_min)):\(two(time.tm_sec)).000Z"
    }
}
