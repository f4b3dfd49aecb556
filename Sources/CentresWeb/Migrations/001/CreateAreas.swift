import Fluent

struct CreateAreas: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("areas")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("district_code", .string, .required, .references("districts", "code"))
            .field("centroid_lat", .double, .required)
            .field("centroid_lon", .double, .required)
            .field("population_total", .int, .required)
            .field("under_fives", .int, .required)
            .field("population_year", .int, .required)
            .field("imd_score", .double)
            .field("imd_rank", .int)
            .field("imd_decile", .int)
            .field("classification_code", .string)
            .field("classification_name", .string)
            .field("rural_urban", .string)
            .field("boundary", .string)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("areas").delete()
    }
}
