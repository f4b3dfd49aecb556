import Fluent

/// Signed-in sessions. The cookie holds a random token; only its SHA-256 digest is stored, so a
/// copy of the database cannot be used to sign in.
struct CreateStaffSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("staff_sessions")
            .field("token_hash", .string, .identifier(auto: false))
            .field("user_id", .string, .required, .references("users", "id", onDelete: .cascade))
            .field("created_at", .string, .required)
            .field("expires_at", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("staff_sessions").delete()
    }
}
