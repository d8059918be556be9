// swift-tools-version:6.0

import PackageDescription

// The libFuzzer executables, a package of their own so that the main build and `swift test` never see them:
// they only link with `--sanitize=fuzzer`, which provides `main`. Each is a thin `LLVMFuzzerTestOneInput` over
// an entry function of the root package's KeepaliveFuzzing library, which the regression tests call too.
// Build and run them with `run.sh` beside this file.
let targets = ["FuzzConfig", "FuzzVarlink", "FuzzTCPInfo", "FuzzJSONReader", "FuzzTextParsers"]

let package = Package(
    name: "keepalive-monitor-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "keepalive-monitor", path: "../.."),
    ],
    targets: targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [.product(name: "KeepaliveFuzzing", package: "keepalive-monitor")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    },
    swiftLanguageModes: [.v6]
)
