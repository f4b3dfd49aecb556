import Fluent

struct CreateCentreEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("centre_events")
            .field("centre_id", .string, .required, .references("centres", "id"))
            .field("event_date", .string, .required)
            .field("status", .string, .required)
            .field("stage", .string, .required)
            .field("source_ids", .string, .required)
            .field("note", .string)
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("centre_events").delete()
    }
}
