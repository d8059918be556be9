import KeepaliveControl

extension Encodable {
    /// This value as one line of JSON with sorted keys.
    var jsonLine: String {
        String(decoding: jsonLineBytes, as: UTF8.self)
    }

    /// The same line as UTF-8, to write without a detour through `String` (`ListPeers` of 10 000 peers is 5 MB).
    var jsonLineBytes: [UInt8] {
        var bytes = ControlJSON.encode(self)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}
