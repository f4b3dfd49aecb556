import Fluent

struct CreateDistricts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("districts")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("districts").delete()
    }
}
