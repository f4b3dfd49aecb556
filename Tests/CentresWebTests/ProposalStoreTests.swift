import CentresCore
import CentresIO
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct ProposalStorage {
        @Test(arguments: Engine.all) func proposalsRoundTripWithTheirParts(engine: Engine) async throws {
            try await withApp(engine) { app in
                let pack = Fixtures.smallPack(hostile: true)
                _ = try await CentresApp.importPack(pack, into: app.db, replace: false)
                #expect(try await ProposalStore.all(on: app.db) == pack.proposals)
                let found = try await ProposalStore.find("small-plan", on: app.db)
                #expect(found?.proposal == pack.proposals[1] && found?.origin == .pack)
                #expect(try await ProposalStore.find("nowhere", on: app.db) == nil)
            }
        }

        /// Replacing the pack replaces its proposals and keeps users' own; a user's proposal
        /// holding a shipped id stops the replacement, with nothing changed.
        @Test(arguments: Engine.all) func usersProposalsSurviveAPackReplacement(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                var mine = Fixtures.smallPack().proposals[1]
                mine.id = "my-plan"
                mine.decisions.append(CentreDecisionEntry(centreID: "cc-gone", decision: .base))
                try await ProposalStore.save(mine, origin: .user, updatedAt: "2026-11-22T00:00:00Z", on: PackStore.sql(app.db))
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: true)
                #expect(try await ProposalStore.list(on: app.db).map(\.id) == ["small-network", "small-plan", "my-plan"])
                #expect(try await ProposalStore.find("my-plan", on: app.db)?.proposal == mine)

                mine.id = "small-plan"
                try await PackStore.sql(app.db).delete(from: "proposals").where("origin", .equal, "pack").run()
                try await ProposalStore.save(mine, origin: .user, updatedAt: "2026-11-22T00:00:00Z", on: PackStore.sql(app.db))
                let before = try await ProposalStore.all(on: app.db)
                await #expect(throws: CentresError.self) {
                    try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: true)
                }
                #expect(try await ProposalStore.all(on: app.db) == before)
            }
        }
    }
}
