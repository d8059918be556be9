import KeepaliveFuzzing

/// libFuzzer's callback: one input through `JSONReaderFuzzTarget`; a broken invariant stops the process.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONReader(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    JSONReaderFuzzTarget.run(Array(UnsafeBufferPointer(start: start, count: count))).requireInvariants()
    return 0
}
