// swift-tools-version:6.0
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "repro",
    products: [
        .executable(name: "repro", targets: ["repro"]),
    ],
    targets: [
        // MARK: - C libraries (system libraries found through pkg-config)
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5-serial",
                       providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CCrypto", path: "Sources/CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),

        // MARK: - Layers
        .target(name: "ReproSupport", dependencies: ["CCrypto"], swiftSettings: upcoming),
        .target(name: "Tensors", dependencies: ["CBLAS"], swiftSettings: upcoming),
        .target(name: "Science", dependencies: ["Tensors", "ReproSupport"], swiftSettings: upcoming),
        .target(name: "ReproCLI", dependencies: ["ReproSupport", "Science"], swiftSettings: upcoming),
        .executableTarget(name: "repro", dependencies: ["ReproCLI"], swiftSettings: upcoming),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["ReproSupport"], path: "Tests/TestSupport",
                swiftSettings: upcoming),
        .testTarget(name: "ReproSupportTests", dependencies: ["ReproSupport", "TestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "ScienceTests", dependencies: ["Science", "Tensors", "TestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "ReproCLITests", dependencies: ["ReproCLI", "ReproSupport", "TestSupport"],
                    exclude: ["Fixtures"], swiftSettings: upcoming),
    ]
)
