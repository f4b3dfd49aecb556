import Fluent

/// Organisations (the council, a campaign group): they own proposals, consultations and petitions,
/// and staff belong to one.
struct CreateOrganisations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("created_at", .string, .required)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").delete()
    }
}
