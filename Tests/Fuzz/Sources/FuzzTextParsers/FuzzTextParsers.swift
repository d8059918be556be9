import KeepaliveFuzzing

/// libFuzzer's callback: one input through `TextParsersFuzzTarget`; a broken invariant stops the process.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTextParsers(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    TextParsersFuzzTarget.run(Array(UnsafeBufferPointer(start: start, count: count))).requireInvariants()
    return 0
}
