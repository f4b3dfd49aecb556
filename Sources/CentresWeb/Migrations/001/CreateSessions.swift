import Fluent

struct CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .field("id", .string, .identifier(auto: false))
            .field("service_id", .string, .required, .references("services", "id"))
            .field("venue_id", .string, .required, .references("venues", "id"))
            .field("recurrence", .string, .required)
            .field("day_of_week", .string)
            .field("start_time", .string, .required)
            .field("end_time", .string, .required)
            .field("valid_from", .string)
            .field("valid_to", .string)
            .field("session_date", .string)
            .field("note", .string)
            .field("source_id", .string, .references("sources", "id"))
            .field("position", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}
