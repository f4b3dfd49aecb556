import Fluent

/// When a closed petition's personal data was anonymised (its counts stay).
struct AddPetitionAnonymisedAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("petitions").field("anonymised_at", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("petitions").deleteField("anonymised_at").update()
    }
}
