import KeepaliveCore

/// Where the kernel puts the fields the daemon reads in `struct tcp_info` (little-endian, as on every machine
/// the daemon targets), read straight from the bytes: the fuzz target's second opinion on the Glibc struct.
enum KernelLayout {
    static func check(_ snapshot: TCPInfoSnapshot, against raw: [UInt8], _ log: inout InvariantLog) {
        func byte(_ offset: Int) -> Int { offset < raw.count ? Int(raw[offset]) : 0 }
        func word(_ offset: Int) -> Int64 {
            (0..<4).reduce(Int64(0)) { value, index in value | Int64(byte(offset + index)) << (8 * index) }
        }
        log.check(Int(snapshot.state) == byte(0), "state is not the byte at offset 0")
        log.check(snapshot.probes == byte(3), "probes is not the byte at offset 3")
        log.check(snapshot.backoff == byte(4), "backoff is not the byte at offset 4")
        log.check(Int64(snapshot.unacked) == word(24), "unacked is not the word at offset 24")
        log.check(snapshot.lastDataReceived == .milliseconds(word(52)), "last data is not the word at offset 52")
        log.check(snapshot.lastAckReceived == .milliseconds(word(56)), "last ACK is not the word at offset 56")
        log.check(snapshot.rtt == .microseconds(word(68)), "RTT is not the word at offset 68")
        log.check(snapshot.rttVariance == .microseconds(word(72)), "RTT variance is not the word at offset 72")
        log.check(Int64(snapshot.totalRetransmits) == word(100), "total retransmits is not the word at offset 100")
    }
}
