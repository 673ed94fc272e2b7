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
        .target(name: "Figures", dependencies: ["CCairo", "ReproSupport"], swiftSettings: upcoming),
        .target(name: "Pipeline", dependencies: ["ReproSupport"], swiftSettings: upcoming),
        .target(name: "HDF5Store", dependencies: ["CHDF5", "ReproSupport", "Tensors"], swiftSettings: upcoming),
        .target(name: "Model", dependencies: ["Tensors", "CBLAS", "ReproSupport"], swiftSettings: upcoming),
        .target(name: "Science", dependencies: ["Tensors", "ReproSupport"], swiftSettings: upcoming),
        .target(name: "Stages", dependencies: ["Pipeline", "Figures", "HDF5Store", "Model", "Science", "Tensors", "ReproSupport"],
                swiftSettings: upcoming),
        .target(name: "ReproCLI", dependencies: ["ReproSupport", "Tensors", "Model", "Science", "Pipeline", "HDF5Store", "Stages"],
                swiftSettings: upcoming),
        .executableTarget(name: "repro", dependencies: ["ReproCLI"], swiftSettings: upcoming),

        // MARK: - Tests
        // Writes the files the Python reader tests (Tests/python) open; built with the package, not a product.
        .executableTarget(name: "h5fixtures", dependencies: ["HDF5Store", "ReproSupport", "Tensors"],
                          swiftSettings: upcoming),
        .target(name: "TestSupport", dependencies: ["ReproSupport"], path: "Tests/TestSupport",
                swiftSettings: upcoming),
        .testTarget(name: "ReproSupportTests", dependencies: ["ReproSupport", "TestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "FiguresTests", dependencies: ["Figures", "ReproSupport", "TestSupport"],
                    swiftSettings: upcoming),
        .target(name: "PipelineTestKinds", dependencies: ["Pipeline", "ReproSupport"], path: "Tests/PipelineTestKinds",
                swiftSettings: upcoming),
        .executableTarget(name: "repro-pipeline-harness", dependencies: ["ReproCLI", "PipelineTestKinds"],
                          path: "Tests/PipelineHarness", swiftSettings: upcoming),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "PipelineTestKinds", "ReproSupport", "TestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "PipelineEndToEndTests",
                    dependencies: ["repro-pipeline-harness", "ReproSupport", "TestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "HDF5StoreTests", dependencies: ["HDF5Store", "Tensors", "ReproSupport", "TestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "ModelTests", dependencies: ["Model", "Tensors", "TestSupport"],
                    swiftSettings: upcoming),
        // Fake analysis files laid out as docs/outputs.md says, for the stage tests (and the lead's).
        .target(name: "StagesTestSupport", dependencies: ["HDF5Store", "Pipeline", "ReproSupport"], path: "Tests/StagesTestSupport",
                swiftSettings: upcoming),
        .testTarget(name: "StagesTests",
                    dependencies: ["Stages", "StagesTestSupport", "Pipeline", "Figures", "HDF5Store", "ReproSupport", "TestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "ScienceTests", dependencies: ["Science", "Tensors", "TestSupport"],
                    swiftSettings: upcoming),
        .testTarget(name: "ReproCLITests", dependencies: ["ReproCLI", "HDF5Store", "ReproSupport", "TestSupport"],
                    exclude: ["Fixtures"], swiftSettings: upcoming),
    ]
)
