import Glibc

/// The daemon's `--log-target` choice: detect, or force one destination.
public enum LogTargetChoice: String, Sendable, Hashable, CaseIterable {
    /// Let `LogDestination.detect` decide.
    case auto
    /// Always the journal, even when detection would say otherwise (entries are lost if journald is absent).
    case journal
    /// Always stderr.
    case stderr

    /// The destination for this target; only `.auto` looks at the environment, stderr and the journal socket,
    /// with the same parameters as `LogDestination.detect`.
    public func destination(
        environment: [String: String]? = nil,
        standardError: CInt = STDERR_FILENO,
        journalSocketPath: String = LogDestination.defaultJournalSocketPath
    ) -> LogDestination {
        switch self {
        case .auto:
            LogDestination.detect(
                environment: environment,
                standardError: standardError,
                journalSocketPath: journalSocketPath
            )
        case .journal: .journal
        case .stderr: .stderr
        }
    }
}
