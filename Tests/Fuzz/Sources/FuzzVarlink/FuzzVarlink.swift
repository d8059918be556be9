import KeepaliveFuzzing

/// libFuzzer's callback: one input through `VarlinkFuzzTarget`; a broken invariant stops the process.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVarlink(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    VarlinkFuzzTarget.runBlocking(Array(UnsafeBufferPointer(start: start, count: count))).requireInvariants()
    return 0
}
