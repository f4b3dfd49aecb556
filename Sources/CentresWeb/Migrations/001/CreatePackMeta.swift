import Fluent

struct CreatePackMeta: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("pack_meta")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pack_meta").delete()
    }
}
