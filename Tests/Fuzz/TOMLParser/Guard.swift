// What the daemon checks before toml++ sees a file (ConfigLoader's LoadSession.readFile): a NUL byte, then
// TOMLParserGuard; invalid UTF-8 is skipped, since the daemon hands toml++ its repaired String.
enum TOMLSourceIndex {
    struct Position {
        var line: Int
        var column: Int
    }
}

@_cdecl("guard_refuses")
public func guardRefuses(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: count), as: UTF8.self) else { return 1 }
    if text.unicodeScalars.contains("\0") { return 1 }
    return TOMLParserGuard.firstProblem(in: text) == nil ? 0 : 1
}
