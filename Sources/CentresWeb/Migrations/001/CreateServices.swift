import Fluent

struct CreateServices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("services")
            .field("id", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("category", .string, .required, .references("service_categories", "code"))
            .field("description", .string)
            .field("min_age_months", .int)
            .field("max_age_months", .int)
            .field("cost", .string)
            .field("source_id", .string, .references("sources", "id"))
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("services").delete()
    }
}
