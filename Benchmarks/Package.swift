// swift-tools-version: 6.1
import PackageDescription

// Benchmarks live in their own package so that release builds and timing never touch the main
// package's test suite (the rules: executables built in release mode, never timed tests).
let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
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
            dependencies: [
                "BenchmarkSupport",
                .product(name: "CentresTestSupport", package: "Centres"),
                .product(name: "TravelTime", package: "Centres"),
                .product(name: "CentresIO", package: "Centres"),
                .product(name: "CentresCore", package: "Centres"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "TransitBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "CentresTestSupport", package: "Centres"),
                .product(name: "TravelTime", package: "Centres"),
                .product(name: "CentresIO", package: "Centres"),
                .product(name: "CentresCore", package: "Centres"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "OptimiserBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "CentresTestSupport", package: "Centres"),
                .product(name: "Planning", package: "Centres"),
                .product(name: "TravelTime", package: "Centres"),
                .product(name: "CentresIO", package: "Centres"),
                .product(name: "CentresCore", package: "Centres"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "AssessmentBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "CentresTestSupport", package: "Centres"),
                .product(name: "Planning", package: "Centres"),
                .product(name: "TravelTime", package: "Centres"),
                .product(name: "CentresIO", package: "Centres"),
                .product(name: "CentresCore", package: "Centres"),
            ],
            swiftSettings: settings
        ),
    ]
)
