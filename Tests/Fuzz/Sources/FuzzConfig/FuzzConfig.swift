import KeepaliveFuzzing

/// libFuzzer's callback: one input through `ConfigFuzzTarget`; a broken invariant stops the process.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    ConfigFuzzTarget.run(Array(UnsafeBufferPointer(start: start, count: count))).requireInvariants()
    return 0
}
