import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit
import SQLiteNIO
import Vapor

/// An SQLite file held by another process, or damaged, must give a quick, named answer rather
/// than a silent hang. The SQLite driver waits on a lock for ever (its busy handler retries at
/// once, without end, on a worker thread), so: `serve` first checks the file can be written,
/// naming it if not, and every connection is given a bounded wait (`busy_timeout`), after which
/// the request ends in a 503 (`ProblemMiddleware`).
enum SQLiteFileGuard {
    /// How long a statement waits for another process's lock before giving up.
    static let busyMilliseconds = 2_000

    /// Refuses to start on a file another process has locked, or one that is not a database.
    static func checkWritable(path: String, logger: Logger) async throws {
        let conn: SQLiteConnection
        do {
            conn = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        } catch {
            throw CentresError("the SQLite database \(path) cannot be opened: \(error)")
        }
        do {
            _ = try await conn.query("PRAGMA busy_timeout = \(busyMilliseconds)")
            _ = try await conn.query("BEGIN IMMEDIATE")
            _ = try await conn.query("ROLLBACK")
            try await conn.close()
        } catch let e as SQLiteError where e.reason == .busy || e.reason == .locked {
            try? await conn.close()
            throw CentresError(
                "the SQLite database \(path) is locked by another process (waited \(busyMilliseconds) ms); stop that process or set CENTRES_SQLITE_PATH to another file"
            )
        } catch let e as SQLiteError where e.reason == .notADatabase || e.reason == .corrupt {
            try? await conn.close()
            throw CentresError("the SQLite database \(path) is damaged or not a database: \(e.message)")
        } catch {
            try? await conn.close()
            throw error
        }
    }

    /// Gives each event loop's connection a bounded wait on locks. SQLite keeps one connection per
    /// event loop for the life of the process; `Health` sets it again on every check.
    static func boundWaits(_ app: Application) async throws {
        for loop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(logger: app.logger, on: loop)!
            try await setBusyTimeout(db)
        }
    }

    static func setBusyTimeout(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(busyMilliseconds))").run()
    }

    /// Errors that mean the database cannot answer now (locked, damaged, unreachable): a 503.
    static func isUnavailable(_ error: any Error) -> Bool {
        guard let e = error as? SQLiteError else { return false }
        switch e.reason {
        case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked, .corrupt, .corruptIndex, .corruptSequenceSchema,
            .corruptVirtualTable, .notADatabase, .ioError, .cantOpen, .full, .readOnly:
            return true
        default:
            // Extended I/O codes are many; SQLite's own words say which family an error is in.
            let m = e.message.lowercased()
            return m.contains("database is locked") || m.contains("malformed") || m.contains("not a database")
                || m.contains("disk i/o error")
        }
    }
}
