import Fluent

struct CreatePostcodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("postcodes")
            .field("postcode", .string, .identifier(auto: false))
            .field("lat", .double, .required)
            .field("lon", .double, .required)
            .field("district_code", .string, .references("districts", "code"))
            .field("positional_quality", .int)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("postcodes").delete()
    }
}
