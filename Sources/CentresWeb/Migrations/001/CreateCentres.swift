import Fluent

struct CreateCentres: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("centres")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("venue_id", .string, .required, .references("venues", "id"))
            .field("provider", .string)
            .field("confidence", .string, .required)
            .field("notes", .string)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("centres").delete()
    }
}
