import Fluent
import SQLKit

/// Every staff change: who, when, which record, and each field's value before and after. Rows
/// are only ever added, numbered in the order they were written; the actor's address is copied so the entry stays readable after the
/// account is disabled.
struct CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_log")
            .field("id", .int, .identifier(auto: true))
            .field("at", .string, .required)
            .field("actor_id", .string)
            .field("actor_email", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string, .required)
            .field("action", .string, .required)
            .field("changes", .string, .required)
            .field("note", .string)
            .create()
        try await (database as! any SQLDatabase).create(index: "audit_log_record").on("audit_log")
            .column("record_type").column("record_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_log").delete()
    }
}
