import KeepaliveCore

/// The rule for endpoint names: they appear unquoted in journal fields (`PEER=`), the status line and
/// `keepalivectl` arguments, so they stay short and plain.
enum EndpointName {
    static let maximumLength = 64
    static let expectation = "expected 1 to 64 letters, digits, \".\", \"_\" or \"-\""
    static let typeExpectation = "expected a string of 1 to 64 letters, digits, \".\", \"_\" or \"-\""

    static func isValid(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        return (1...maximumLength).contains(scalars.count) && scalars.allSatisfy { scalar in
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": true
            default: false
            }
        }
    }
}
