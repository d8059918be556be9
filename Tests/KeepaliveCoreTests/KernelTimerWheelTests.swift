import KeepaliveCore
import Testing

/// The kernel's timer granularity (kernel/time/timer.c at HZ=250), and how late a probe can therefore leave.
@Suite("Kernel timer wheel")
struct KernelTimerWheelTests {
    let wheel = KernelTimerWheel(hz: 250)

    @Test("Granularity grows 8× per level: 4 ms, 32 ms, 256 ms, 2.048 s", arguments: [
        (Duration.milliseconds(100), Duration.milliseconds(4)),
        (.milliseconds(251), .milliseconds(4)),
        (.milliseconds(252), .milliseconds(32)),
        (.seconds(1), .milliseconds(32)),
        (.seconds(5), .milliseconds(256)),
        (.seconds(10), .milliseconds(256)),
        (.seconds(30), .milliseconds(2048)),
        (.seconds(7200), .milliseconds(131_072)),
    ])
    func granularity(delay: Duration, expected: Duration) {
        #expect(wheel.granularity(forDelay: delay) == expected)
    }

    @Test("A quiet cycle's probe can leave up to both armings' granularity late; a later probe, one arming's")
    func probeLateness() {
        let fast = KeepaliveSettings(idle: .seconds(1), interval: .seconds(1), count: 3)
        #expect(wheel.probeLateness(fast, outstandingProbes: 0) == .milliseconds(68))
        let slow = KeepaliveSettings(idle: .seconds(30), interval: .seconds(5), count: 3)
        #expect(wheel.probeLateness(slow, outstandingProbes: 0) == .milliseconds(2048 + 256 + 4))
        #expect(wheel.probeLateness(slow, outstandingProbes: 1) == .milliseconds(260))
    }

    @Test("With an interval longer than the idle time, healthy probes come every interval")
    func longInterval() {
        let settings = KeepaliveSettings(idle: .seconds(1), interval: .seconds(5), count: 3)
        #expect(wheel.probeLateness(settings, outstandingProbes: 0) == .seconds(4) + .milliseconds(256 + 4 + 32))
    }
}
