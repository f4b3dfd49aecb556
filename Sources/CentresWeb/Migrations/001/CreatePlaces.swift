import Fluent

struct CreatePlaces: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("places")
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("kind", .string, .required)
            .field("code", .string)
            .field("district_code", .string, .references("districts", "code"))
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("method", .string)
            .field("source_id", .string, .references("sources", "id"))
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("places").delete()
    }
}
