/// A Unix group name as useradd accepts it.
enum GroupName {
    static let expectation = "expected a group name of 1 to 32 letters, digits, \"_\" or \"-\", not starting with \"-\""

    static func isValid(_ name: String) -> Bool {
        guard (1...32).contains(name.count), !name.hasPrefix("-") else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
