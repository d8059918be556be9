import Glibc

/// Sets environment variables for the duration of `body` and restores the previous values afterwards, even when
/// `body` throws. `nil` unsets. Only for tests in `ProcessWideStateTests`, which run one at a time: the environment
/// is process-wide.
func withEnvironment(_ values: [String: String?], _ body: () throws -> Void) rethrows {
    let saved = values.keys.map { name in (name, getenv(name).map { String(cString: $0) }) }
    defer {
        for (name, value) in saved {
            set(name, value)
        }
    }
    for (name, value) in values {
        set(name, value)
    }
    try body()
}

private func set(_ name: String, _ value: String?) {
    if let value {
        setenv(name, value, 1)
    } else {
        unsetenv(name)
    }
}
