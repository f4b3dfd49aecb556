import Fluent

/// Members of the public told by email when a centre or session moves, changes time or closes.
/// The confirmation link is kept only as a digest; the unsubscribe token is kept as it is,
/// because every notice carries it, and it can do nothing but end that one subscription.
/// The outbox gains the unsubscribe address its notices' List-Unsubscribe headers carry.
struct CreateWatchers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("watchers")
            .field("id", .string, .identifier(auto: false))
            .field("email", .string, .required)
            .field("record_type", .string, .required)
            .field("record_id", .string, .required)
            .field("confirm_hash", .string)
            .field("confirm_expires_at", .string)
            .field("unsubscribe_token", .string, .required)
            .field("created_at", .string, .required)
            .field("confirmed_at", .string)
            .unique(on: "email", "record_type", "record_id")
            .unique(on: "unsubscribe_token")
            .create()
        try await database.schema("outbox").field("unsubscribe_url", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox").deleteField("unsubscribe_url").update()
        try await database.schema("watchers").delete()
    }
}
