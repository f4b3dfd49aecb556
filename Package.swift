// swift-tools-version: 6.1
import PackageDescription

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Centres",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "centres", targets: ["CentresCLI"]),
        // Libraries so that outside packages (Benchmarks/) can use the engine.
        .library(name: "TravelTime", targets: ["TravelTime"]),
        .library(name: "CentresIO", targets: ["CentresIO"]),
        .library(name: "CentresCore", targets: ["CentresCore"]),
        .library(name: "Planning", targets: ["Planning"]),
        .library(name: "CentresTestSupport", targets: ["CentresTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        // Already in the graph through Vapor; named directly for the SMTP client (docs/mail.md).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        .target(name: "CentresCore", swiftSettings: settings),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "TravelTime", dependencies: ["CentresCore"], swiftSettings: settings),
        .target(name: "CentresIO", dependencies: ["CentresCore", "TravelTime", "Planning", "CZlib"], swiftSettings: settings),
        // The optimiser's search is hot: optimised even in debug builds, so `swift run centres serve`
        // and the tests answer in milliseconds rather than seconds.
        .target(
            name: "Planning", dependencies: ["CentresCore", "TravelTime"],
            swiftSettings: settings + [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .target(
            name: "CentresWeb",
            dependencies: [
                "CentresCore", "CentresIO", "TravelTime", "Planning",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "CentresCLI",
            dependencies: [
                "CentresWeb", "CentresIO", "CentresCore", "TravelTime", "Planning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings
        ),
        .target(name: "CentresTestSupport", dependencies: ["CentresCore", "CentresIO"], swiftSettings: settings),
        .testTarget(name: "CentresCoreTests", dependencies: ["CentresCore", "CentresTestSupport"], swiftSettings: settings),
        .testTarget(
            name: "CentresIOTests", dependencies: ["CentresIO", "TravelTime", "CentresCore", "CentresTestSupport"],
            swiftSettings: settings),
        .testTarget(
            name: "PlanningTests", dependencies: ["Planning", "TravelTime", "CentresCore", "CentresTestSupport"],
            swiftSettings: settings),
        .testTarget(
            name: "TravelTimeTests", dependencies: ["TravelTime", "CentresCore", "CentresTestSupport"], swiftSettings: settings),
        .testTarget(
            name: "CentresCLITests",
            dependencies: ["CentresCLI", "CentresTestSupport", "CentresIO", "TravelTime"],
            swiftSettings: settings
        ),
        .testTarget(
            name: "CentresWebTests",
            dependencies: [
                "CentresWeb", "CentresIO", "TravelTime", "Planning", "CentresTestSupport",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: settings
        ),
    ]
)
