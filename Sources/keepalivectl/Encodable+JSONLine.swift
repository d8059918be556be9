import KeepaliveControl

extension Encodable {
    /// This value as one line of JSON with sorted keys.
    var jsonLine: String {
        String(decoding: ControlJSON.encode(self), as: UTF8.self) + "\n"
    }
}
