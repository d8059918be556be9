import Glibc
import KeepaliveCore
import KeepalivePOSIX

/// Where keepalivectl writes, and whether in colour.
enum Terminal {
    /// Colour only when standard output is a terminal and `NO_COLOR` is unset or empty (https://no-color.org).
    static var standardOutputWantsColour: Bool {
        guard POSIX.isTerminal(1) else { return false }
        return POSIX.environmentValue("NO_COLOR")?.isEmpty ?? true
    }

    /// `text` in the colour of `state`: down red, suspect yellow, up green; connecting stays plain.
    static func paint(_ text: String, as state: PeerState) -> String {
        let code: String
        switch state {
        case .down: code = "31"
        case .suspect: code = "33"
        case .up: code = "32"
        case .connecting: return text
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// Writes `text` to standard output at once: `print` buffers under pipes, and a `watch` line must appear
    /// when the change happens.
    static func write(_ text: String) {
        write(text, to: 1)
    }

    /// Writes UTF-8 to standard output at once.
    static func write(_ bytes: [UInt8]) {
        write(bytes, to: 1)
    }

    static func writeError(_ text: String) {
        write(text, to: 2)
    }

    private static func write(_ text: String, to descriptor: Int32) {
        write(Array(text.utf8), to: descriptor)
    }

    /// A failed write (a closed pipe) is dropped: there is nowhere left to say so.
    private static func write(_ bytes: [UInt8], to descriptor: Int32) {
        try? POSIX.writeAll(descriptor, bytes)
    }
}
