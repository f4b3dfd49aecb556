import Fluent

struct CreateVenues: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("venues")
            .field("id", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("address", .string)
            .field("postcode", .string)
            .field("lat", .double)
            .field("lon", .double)
            .field("location_quality", .string, .required)
            .field("location_method", .string)
            .field("district_code", .string, .references("districts", "code"))
            .field("area_code", .string, .references("areas", "code"))
            .field("accessibility", .string)
            .field("opening_hours", .string)
            .field("source_id", .string, .references("sources", "id"))
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("venues").delete()
    }
}
