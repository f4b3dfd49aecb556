import Fluent

/// One-time password reset links: only the SHA-256 digest of the link's token is stored.
struct CreatePasswordResets: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("password_resets")
            .field("token_hash", .string, .identifier(auto: false))
            .field("user_id", .string, .required, .references("users", "id", onDelete: .cascade))
            .field("created_at", .string, .required)
            .field("expires_at", .string, .required)
            .field("used_at", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("password_resets").delete()
    }
}
