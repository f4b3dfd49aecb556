import Fluent

struct CreateProvenance: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("provenance")
            .field("file_name", .string, .required)
            .field("column_name", .string, .required)
            .field("source_id", .string, .required, .references("sources", "id"))
            .field("method", .string)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("provenance").delete()
    }
}
