import Fluent

struct CreateFacts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("facts")
            .field("id", .string, .identifier(auto: false))
            .field("description", .string, .required)
            .field("value", .string, .required)
            .field("unit", .string)
            .field("as_of", .string)
            .field("source_id", .string, .references("sources", "id"))
            .field("note", .string)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("facts").delete()
    }
}
