import CentresCore
import CentresIO
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

/// Every test that touches a database, serialized because PostgreSQL tests share one database.
@Suite(.serialized) struct DatabaseTests {
    @Suite struct Migrations {
        @Test(arguments: Engine.all) func migrateRevertMigrate(engine: Engine) async throws {
            try await withApp(engine) { app in
                #expect(try await PackStore.isEmpty(app.db))
                try await app.autoRevert()
                await #expect(throws: (any Error).self) { try await PackStore.isEmpty(app.db) }
                try await app.autoMigrate()
                #expect(try await PackStore.isEmpty(app.db))
            }
        }
    }

    @Suite struct ImportExport {
        @Test(arguments: Engine.all) func norfolkImportsWithExactCountsAndExportsLosslessly(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let q = DirectoryQueries(app.db)
                #expect(try await q.areas().count == 538)
                #expect(try await q.districts().count == 7)
                #expect(try await q.venues(.init(kind: .library)).count == 47)
                #expect(try await q.centres().count == 53)
                #expect(
                    try await q.centres().reduce(0) { $0 + $1.events.count } == norfolk.centres.reduce(0) { $0 + $1.events.count }
                )

                let dir = try Fixtures.temporaryDirectory()
                defer { try? FileManager.default.removeItem(at: dir) }
                _ = try await CentresApp.exportPack(from: app.db, to: dir.path)
                #expect(try PackReader.read(directory: dir) == norfolk)
            }
        }

        @Test(arguments: Engine.all) func loadingTwiceNeverDuplicates(engine: Engine) async throws {
            try await withApp(engine) { app in
                let config = AppConfig(database: .sqliteMemory, packDirectory: Fixtures.norfolkPack.path)
                try await prepareDatabase(app, config)
                try await prepareDatabase(app, config)
                #expect(try await DirectoryQueries(app.db).centres().count == 53)
                await #expect(throws: CentresError.self) {
                    try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                }
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: true)
                #expect(try await DirectoryQueries(app.db).centres().count == 2)
            }
        }

        /// A failure part-way through writing (a centre pointing at a venue that does not exist,
        /// which only the database notices) rolls back everything, including the deletions.
        @Test(arguments: Engine.all) func aFailedLoadLeavesTheDatabaseAsItWas(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                let before = try await PackStore.read(on: app.db)
                var broken = norfolk
                broken.centres[40].venueID = "no-such-venue"
                await #expect(throws: (any Error).self) { try await CentresApp.importPack(broken, into: app.db, replace: true) }
                #expect(try await PackStore.read(on: app.db) == before)
            }
        }

        /// Each kind of malformed pack is refused before anything is written.
        @Test(arguments: Engine.all) func malformedPacksLeaveTheDatabaseUnchanged(engine: Engine) async throws {
            let damages: [(String, (String) -> String)] = [
                ("areas.csv", { $0.replacingOccurrences(of: "under_fives", with: "under_fivs") }),
                ("areas.csv", { $0.replacingOccurrences(of: ",E07000147,", with: ",E99999999,") }),
                ("venues.csv", { $0.replacingOccurrences(of: "NR13 3RA", with: "NR13 3R") }),
                ("districts.csv", { $0 + $0.components(separatedBy: "\n")[1] + "\n" }),
                ("centres.csv", { _ in "" }),
                ("places.csv", { $0.replacingOccurrences(of: ",52.", with: ",48.") }),
            ]
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                let before = try await PackStore.read(on: app.db)
                for (file, damage) in damages {
                    let dir = try Fixtures.copyOfPack()
                    defer { try? FileManager.default.removeItem(at: dir) }
                    let url = dir.appendingPathComponent(file)
                    try Data(damage(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
                    #expect(throws: InputError.self, "\(file)") {
                        let pack = try PackReader.read(directory: dir)
                        Issue.record("read a damaged \(file): \(pack.name)")
                    }
                    #expect(try await PackStore.read(on: app.db) == before)
                }
            }
        }
    }
}
