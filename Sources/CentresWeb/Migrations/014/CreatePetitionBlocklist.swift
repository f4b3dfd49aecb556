import Fluent

/// What moderators block from signing any petition: address ranges, email domains, addresses.
struct CreatePetitionBlocklist: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("petition_blocklist")
            .field("id", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .field("note", .string)
            .field("created_by", .string, .required)
            .field("created_at", .string, .required)
            .unique(on: "kind", "value")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("petition_blocklist").delete()
    }
}
