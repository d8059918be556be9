import Testing

/// Tests that change the process environment (`NOTIFY_SOCKET`, `WATCHDOG_USEC`) or start child processes, which
/// read it. The environment is process-wide and `setenv` is not thread-safe, so these suites run one test at a
/// time (`.serialized` applies to the nested suites too); every other suite leaves the environment alone.
@Suite(.serialized)
enum ProcessWideStateTests {}
