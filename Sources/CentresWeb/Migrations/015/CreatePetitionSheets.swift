import Fluent

/// Paper sheets: each printed sheet has a number unique within its petition, so a returned
/// sheet's rows can be entered and traced; a petition gains the address sheets go back to.
struct CreatePetitionSheets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("petition_sheets")
            .field("petition_id", .string, .required, .references("petitions", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("issued_at", .string, .required)
            .field("issued_by", .string, .required)
            .unique(on: "petition_id", "number")
            .create()
        try await database.schema("petitions").field("return_address", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("petitions").deleteField("return_address").update()
        try await database.schema("petition_sheets").delete()
    }
}
