import KeepaliveFuzzing

/// libFuzzer's callback: one input through `TCPInfoFuzzTarget`; a broken invariant stops the process.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTCPInfo(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    TCPInfoFuzzTarget.run(Array(UnsafeBufferPointer(start: start, count: count))).requireInvariants()
    return 0
}
