import CentresTestSupport
import Foundation
import NIOPosix
import SQLiteNIO
import Testing
import VaporTesting

@testable import CentresWeb

/// Finding 5: with the SQLite file locked by another process `serve` hung without a word, and
/// pages and `/health` hung 12 s and failed without a 503; `/health` said 200 on a damaged file.
/// SQLite only: these are the file's own failures.
@Suite(.serialized) struct SQLiteFileGuardTests {
    static func withFileApp(_ body: (Application, String) async throws -> Void) async throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("centres.sqlite").path
        let config = AppConfig(database: .sqliteFile(path), packDirectory: nil, bcryptCost: 4)
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config)
            app.logger.logLevel = .critical
            try await prepareDatabase(app, config)
            _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
            try await body(app, path)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// Another process's exclusive lock: a 503 from `/health` and from pages, within the bounded
    /// wait, and `serve`'s start-up check names the file; all well again once the lock goes.
    @Test func aLockedFileIsA503AndStartUpNamesIt() async throws {
        try await Self.withFileApp { app, path in
            let other = try await SQLiteConnection.open(storage: .file(path: path))
            _ = try await other.query("BEGIN EXCLUSIVE")
            let started = Date()
            let health = try await app.get("/health")
            #expect(health.status == .serviceUnavailable)
            let page = try await app.get("/centres")
            #expect(page.status == .serviceUnavailable && page.body.string.contains("database cannot answer"))
            #expect(Date().timeIntervalSince(started) < 10, "answered within the bounded waits")
            await #expect {
                try await SQLiteFileGuard.checkWritable(path: path, logger: app.logger)
            } throws: { error in
                "\(error)".contains(path) && "\(error)".contains("locked by another process")
            }
            _ = try await other.query("ROLLBACK")
            try await other.close()
            #expect(try await app.get("/health").status == .ok)
            #expect(try await app.get("/centres").status == .ok)
        }
    }

    /// Pages of the file overwritten: `/health` is a 503, as the pages that read them would fail.
    @Test func aDamagedFileIsA503() async throws {
        try await Self.withFileApp { app, path in
            #expect(try await app.get("/health").status == .ok)
            let handle = try #require(FileHandle(forWritingAtPath: path))
            let size = try handle.seekToEnd()
            // Past the first pages (the schema), across the tables' pages.
            for offset in stride(from: UInt64(8_192), to: size, by: 8_192) {
                try handle.seek(toOffset: offset)
                handle.write(Data(repeating: 0xA5, count: 512))
            }
            // A new file change counter (header bytes 24–27), as any writer leaves it: otherwise a
            // pooled connection may answer from the pages it has cached and never see the damage.
            try handle.seek(toOffset: 24)
            handle.write(Data([0x7F, 0x5A, 0x3C, 0x1E]))
            try handle.close()
            app.integrityCheckedAt.withLockedValue { $0 = nil }
            #expect(try await app.get("/health").status == .serviceUnavailable)
        }
    }
}
