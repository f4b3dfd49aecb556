import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// What `/health` checks: that the database answers what the pages need. One row of every table
/// is read (a damaged table or a lost one fails here as it would on a page), and on SQLite the
/// whole file's structure is checked with `PRAGMA quick_check` at most once a minute, since a
/// damaged page deep in a table is found only by reading it.
enum DatabaseHealth {
    static let integrityCheckEvery: TimeInterval = 60

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    static func check(_ db: any Database, app: Application, now: Date) async throws {
        try await SQLiteFileGuard.setBusyTimeout(db)
        guard let sql = db as? any SQLDatabase else { return }
        let tables = try await tableNames(sql)
        for required in ["pack_meta", "districts", "areas", "venues", "centres"] where !tables.contains(required) {
            throw Problem(description: "the table \(required) is missing (run `centres migrate`)")
        }
        for t in tables {
            _ = try await sql.select().column(SQLLiteral.all).from(t).limit(1).all()
        }
        guard sql.dialect.name == "sqlite" else { return }
        if let last = app.integrityCheckedAt.withLockedValue({ $0 }), now.timeIntervalSince(last) < integrityCheckEvery { return }
        struct R: Decodable {
            var check: String
            enum CodingKeys: String, CodingKey { case check = "quick_check" }
        }
        let rows = try await sql.raw("PRAGMA quick_check(5)").all(decoding: R.self)
        guard rows.map(\.check) == ["ok"] else {
            throw Problem(description: "the SQLite file is damaged: " + rows.map(\.check).joined(separator: "; "))
        }
        app.integrityCheckedAt.withLockedValue { $0 = now }
    }

    static func tableNames(_ sql: any SQLDatabase) async throws -> [String] {
        struct T: Decodable { var name: String }
        let query =
            sql.dialect.name == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        return try await sql.raw(SQLQueryString(query)).all(decoding: T.self).map(\.name)
    }
}

extension Application {
    private struct IntegrityCheckedAtKey: StorageKey { typealias Value = NIOLockedValueBox<Date?> }

    /// When the SQLite file last passed `quick_check`. Set once in `configure`, before any request.
    var integrityCheckedAt: NIOLockedValueBox<Date?> {
        get { storage[IntegrityCheckedAtKey.self]! }
        set { storage[IntegrityCheckedAtKey.self] = newValue }
    }
}
