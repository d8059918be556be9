import Glibc
import Testing

@testable import KeepaliveSystemd

extension ProcessWideStateTests {
    /// `WatchdogConfiguration.fromEnvironment` with the variables systemd sets, read by the real libsystemd.
    @Suite
    struct WatchdogConfigurationTests {
        @Test func enabledForThisProcess() {
            withEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": String(getpid())]) {
                let detection = WatchdogConfiguration.fromEnvironment()
                #expect(detection.configuration?.timeout == .seconds(30))
                #expect(detection.configuration?.pingInterval == .seconds(15))
                #expect(detection.problem == nil)
            }
        }

        @Test func enabledWithoutPid() {
            withEnvironment(["WATCHDOG_USEC": "1500", "WATCHDOG_PID": nil]) {
                #expect(WatchdogConfiguration.fromEnvironment().configuration?.timeout == .microseconds(1500))
            }
        }

        @Test func disabledForAnotherProcess() {
            withEnvironment(["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"]) {
                #expect(WatchdogConfiguration.fromEnvironment() == .disabled)
            }
        }

        @Test func disabledWhenUnset() {
            withEnvironment(["WATCHDOG_USEC": nil, "WATCHDOG_PID": nil]) {
                #expect(WatchdogConfiguration.fromEnvironment() == .disabled)
            }
        }

        @Test(arguments: [("0", "self"), ("soon", "self"), ("-5", "self"), ("30000000", "me")])
        func invalidValuesGiveAReason(usec: String, pid: String) throws {
            let pidValue = pid == "self" ? String(getpid()) : pid
            try withEnvironment(["WATCHDOG_USEC": usec, "WATCHDOG_PID": pidValue]) { () throws in
                let detection = WatchdogConfiguration.fromEnvironment()
                #expect(detection.configuration == nil)
                let problem = try #require(detection.problem)
                #expect(problem.contains("WATCHDOG_USEC=\(usec)"))
                #expect(problem.contains("sd_watchdog_enabled"))
            }
        }

        @Test func zeroTimeoutIsNoWatchdog() {
            #expect(WatchdogConfiguration(timeoutMicroseconds: 0) == nil)
            #expect(WatchdogConfiguration(timeoutMicroseconds: 3)?.pingInterval == .nanoseconds(1_500))
        }
    }
}
