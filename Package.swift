// swift-tools-version:6.0

import PackageDescription

let package = Package(
    name: "keepalive-monitor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "keepalive-monitor", targets: ["keepalive-monitor"]),
        .executable(name: "keepalivectl", targets: ["keepalivectl"]),
        // For the libFuzzer package in Tests/Fuzz, which depends on this one by path.
        .library(name: "KeepaliveFuzzing", targets: ["KeepaliveFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The one POSIX layer: every syscall that can be interrupted or fail in more than one way, each wrapped once
        // (EINTR retries, the clocks, sockaddr_un, write-all and send-all, files), and the civil-date calculation.
        // No dependencies.
        .target(name: "KeepalivePOSIX"),
        // Pure: endpoint model, TCP_INFO classification, the per-peer state machine, alerts, the status line.
        // No sockets and no clock reads, so every verdict can be driven by tests with a manual clock.
        .target(name: "KeepaliveCore"),
        // Pure: the TOML configuration, validated with file:line:column diagnostics. Apart from Core so that
        // keepalivectl does not link TOMLKit (and the Foundation it brings).
        .target(
            name: "KeepaliveConfig",
            dependencies: ["KeepaliveCore", "KeepalivePOSIX", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // Pure, shared by the daemon and keepalivectl: the varlink control protocol, its messages and framing.
        .target(
            name: "KeepaliveControl",
            dependencies: ["KeepaliveCore"]
        ),
        // Pure: the Prometheus text exposition of the peers' statuses and the daemon's own metrics (swift-metrics
        // handles over swift-prometheus' registry). No sockets and no clock reads: the scrape hands in both.
        .target(
            name: "KeepaliveMetrics",
            dependencies: [
                "KeepaliveCore",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // libsystemd (sd-daemon, sd-journal) as a system library; linked dynamically (Debian ships no .a).
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        // Thin Swift over libsystemd: sd_notify, the watchdog, journal entries, the stderr fallback.
        .target(
            name: "KeepaliveSystemd",
            dependencies: [
                "KeepalivePOSIX",
                "CSystemd",
                "KeepaliveCore",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // I/O: connections with kernel keepalive, TCP_INFO sampling, reload, notification; each a Service.
        .target(
            name: "KeepaliveDaemon",
            dependencies: [
                "KeepalivePOSIX",
                "KeepaliveCore",
                "KeepaliveConfig",
                "KeepaliveControl",
                "KeepaliveMetrics",
                "KeepaliveSystemd",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "keepalive-monitor",
            dependencies: [
                "KeepalivePOSIX",
                "KeepaliveCore",
                "KeepaliveConfig",
                "KeepaliveDaemon",
                "KeepaliveMetrics",
                "KeepaliveSystemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "keepalivectl",
            dependencies: [
                "KeepalivePOSIX",
                "KeepaliveControl",
                "KeepaliveCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fuzz targets' entry functions: bytes in, an outcome and any broken invariant out. The libFuzzer
        // executables (Tests/Fuzz, a package of their own) and the regression tests both call them.
        .target(
            name: "KeepaliveFuzzing",
            dependencies: [
                "KeepaliveCore",
                "KeepaliveConfig",
                "KeepaliveControl",
                "KeepaliveDaemon",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "KeepaliveControlTests",
            dependencies: ["KeepaliveControl", "KeepaliveCore", "KeepaliveTestSupport"],
            exclude: ["Fixtures"]
        ),
        // keepalive-monitor's command line: --help, --version, --check-config (no root).
        .testTarget(
            name: "KeepaliveMonitorCommandTests",
            dependencies: ["keepalive-monitor", "KeepaliveTestSupport"],
            exclude: ["Fixtures"]
        ),
        // keepalivectl: its output, options, errors and --help, against in-test servers (no root).
        .testTarget(
            name: "KeepalivectlTests",
            dependencies: ["KeepaliveControl", "KeepaliveCore", "KeepaliveTestSupport", "keepalivectl"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KeepaliveCoreTests",
            dependencies: ["KeepaliveCore", "KeepaliveTestSupport"]
        ),
        .testTarget(
            name: "KeepaliveMetricsTests",
            dependencies: [
                "KeepaliveMetrics",
                "KeepaliveCore",
                "KeepaliveTestSupport",
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .testTarget(
            name: "KeepaliveConfigTests",
            dependencies: ["KeepaliveConfig", "KeepaliveCore", "KeepaliveTestSupport"]
        ),
        // The daemon's channel handlers on NIO's embedded channel: event by event, no sockets.
        .testTarget(
            name: "KeepaliveDaemonTests",
            dependencies: [
                "KeepaliveDaemon",
                "KeepaliveCore",
                "KeepaliveControl",
                "KeepaliveMetrics",
                "KeepaliveTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What every test target shares: the one child-process runner (ChildLaunch, CommandRun, ChildProcess), the
        // condition wait, temporary directories, fixtures, the notify-socket stand-in, the fake monitor.
        .target(
            name: "KeepaliveTestSupport",
            dependencies: ["KeepaliveControl", "KeepaliveCore", "KeepalivePOSIX"],
            path: "Tests/KeepaliveTestSupport"
        ),
        // Every input a fuzzer ever crashed, and the seed corpus, through the same entry functions.
        .testTarget(
            name: "KeepaliveFuzzingTests",
            dependencies: [
                "KeepaliveFuzzing", "KeepaliveCore", "KeepaliveConfig", "KeepaliveControl", "KeepaliveTestSupport",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "KeepaliveSystemdTests",
            dependencies: [
                "KeepalivePOSIX", "KeepaliveSystemd", "KeepaliveTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Runs the real daemon binary against real peers in network namespaces, a real journald and a real
        // sd_notify socket.
        .testTarget(
            name: "KeepaliveIntegrationTests",
            dependencies: [
                "keepalive-monitor", "keepalivectl", "KeepaliveCore", "KeepaliveControl", "KeepalivePOSIX",
                "KeepaliveSystemd", "KeepaliveTestSupport",
            ],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
