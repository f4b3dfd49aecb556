import Fluent

/// Mail waiting to go, gone, or given up on. A message is written in the same transaction as the
/// change that causes it, so it is sent if and only if the change happened.
struct CreateOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox")
            .field("id", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("to_address", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("created_at", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .string, .required)
            .field("sent_at", .string)
            .field("failed_at", .string)
            .field("last_error", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox").delete()
    }
}
