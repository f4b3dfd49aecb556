import CentresCore
import CentresIO
import CentresTestSupport
import Foundation
import Testing
import VaporTesting

@testable import CentresWeb

/// The database engines every database test runs on: SQLite always, PostgreSQL when
/// `DATABASE_URL` is set (CI sets it).
enum Engine: String, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    static var all: [Engine] {
        let url = ProcessInfo.processInfo.environment["DATABASE_URL"] ?? ""
        return url.isEmpty ? [.sqlite] : [.sqlite, .postgres]
    }

    var testDescription: String { rawValue }

    var config: AppConfig {
        switch self {
        // bcrypt's lowest cost: the tests check the rules, not the work factor.
        case .sqlite: AppConfig(database: .sqliteMemory, packDirectory: nil, bcryptCost: 4, countMaxAge: 0)
        case .postgres:
            AppConfig(
                database: .postgres(url: ProcessInfo.processInfo.environment["DATABASE_URL"]!), packDirectory: nil, bcryptCost: 4,
                countMaxAge: 0)
        }
    }
}

/// Runs `body` against a migrated, empty database on `engine`, and reverts everything afterwards.
/// `recordingReads`: responses name the parameters their handler read (`ParameterReadsMiddleware`).
func withApp(_ engine: Engine, recordingReads: Bool = false, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    do {
        var config = engine.config
        config.recordsParameterReads = recordingReads
        try await configure(app, config)
        app.logger.logLevel = .warning
        try await app.autoRevert()  // a PostgreSQL database may hold tables from an interrupted run
        try await app.autoMigrate()
        try await body(app)
        try await app.autoRevert()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// The shipped Norfolk pack, read once for all tests.
let norfolk: DataPack = try! PackReader.read(directory: Fixtures.norfolkPack)

extension Application {
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await testing().sendRequest(.GET, path)
    }

    func json(_ path: String) async throws -> Any {
        let res = try await get(path)
        return try JSONSerialization.jsonObject(with: Data(res.body.readableBytesView))
    }
}
