import Fluent

struct CreateServiceCategories: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("service_categories")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("description", .string)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("service_categories").delete()
    }
}
