/// What one input did to a fuzz target: the outcome it reached and every invariant it broke on the way.
///
/// The libFuzzer executables in `Tests/Fuzz` trap on a violation (`requireInvariants()`); the regression tests run
/// the same entry functions, expect no violation and check the outcome.
public struct FuzzRun<Outcome: Sendable>: Sendable {
    /// What the code under test made of the input.
    public var outcome: Outcome
    /// One sentence per broken invariant; empty when the input was handled as it must be.
    public var violations: [String]

    /// Pairs an outcome with the violations found while reaching it.
    public init(outcome: Outcome, violations: [String]) {
        self.outcome = outcome
        self.violations = violations
    }

    /// Stops the process when an invariant was broken, so that libFuzzer records the input as a crash.
    public func requireInvariants() {
        guard violations.isEmpty else {
            fatalError("broken invariants:\n" + violations.joined(separator: "\n"))
        }
    }
}

/// Collects broken invariants while a target runs.
struct InvariantLog {
    private(set) var violations: [String] = []

    /// Records `message` unless `condition` holds.
    mutating func check(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { violations.append(message()) }
    }

    func run<Outcome>(_ outcome: Outcome) -> FuzzRun<Outcome> {
        FuzzRun(outcome: outcome, violations: violations)
    }
}
