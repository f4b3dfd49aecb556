import Fluent

/// Staff accounts. Only a bcrypt hash of the password is kept; the failed-attempt count and lock
/// are per account so back-off follows the account whichever address the guesses come from.
struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field("id", .string, .identifier(auto: false))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("organisation_id", .string, .references("organisations", "id", onDelete: .restrict))
            .field("created_at", .string, .required)
            .field("disabled_at", .string)
            .field("failed_sign_ins", .int, .required)
            .field("locked_until", .string)
            .field("last_sign_in_at", .string)
            .unique(on: "email")
            .create()
        try await database.schema("user_roles")
            .field("user_id", .string, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .unique(on: "user_id", "role")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("user_roles").delete()
        try await database.schema("users").delete()
    }
}
