// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that release builds and timing never touch the main
// package's test suite (the rules: executables built in release mode, never timed tests).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

/// What every benchmark links: the fixtures and the engine libraries of the main package.
let engine: [Target.Dependency] = [
    "BenchmarkSupport",
    .product(name: "CentresTestSupport", package: "Centres"),
    .product(name: "TravelTime", package: "Centres"),
    .product(name: "CentresIO", package: "Centres"),
    .product(name: "CentresCore", package: "Centres"),
]

let package = Package(
    name: "CentresBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Centres", path: "..")
    ],
    targets: [
        .target(name: "BenchmarkSupport", swiftSettings: settings),
        .executableTarget(
            name: "StreetsBenchmark",
            dependencies: engine,
            swiftSettings: settings
        ),
        .executableTarget(
            name: "TransitBenchmark",
            dependencies: engine,
            swiftSettings: settings
        ),
        .executableTarget(
            name: "OptimiserBenchmark",
            dependencies: engine + [.product(name: "Planning", package: "Centres")],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "AssessmentBenchmark",
            dependencies: engine + [.product(name: "Planning", package: "Centres")],
            swiftSettings: settings
        ),
    ]
)
