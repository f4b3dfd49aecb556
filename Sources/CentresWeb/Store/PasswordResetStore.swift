import Fluent
import Foundation
import SQLKit

/// One-time links to choose a password (a reset: an hour; a new account's invitation: three days),
/// made with their email in one transaction, used once.
enum PasswordResetStore {
    static let lifetime: TimeInterval = 3_600
    static let invitationLifetime: TimeInterval = 3 * 86_400

    /// Stores a new link for `userID` and returns its token (only the digest is kept).
    static func create(userID: String, lifetime: TimeInterval = lifetime, now: Date, on db: any Database) async throws
        -> String
    {
        let token = SecretKey.make()
        try await PackStore.sql(db).insert(into: "password_resets").columns("token_hash", "user_id", "created_at", "expires_at")
            .values(
                SQLBind(SecretKey.digest(token)), SQLBind(userID), SQLBind(AccountStore.timestamp(now)),
                SQLBind(AccountStore.timestamp(now.addingTimeInterval(lifetime)))
            ).run()
        return token
    }

    /// The account a token may reset: unused, unexpired, enabled.
    static func user(token: String, now: Date, on db: any Database) async throws -> UserRow? {
        struct R: Decodable { var userId: String, expiresAt: String, usedAt: String? }
        let sql = PackStore.sql(db)
        guard
            let r = try await sql.select().columns("user_id", "expires_at", "used_at").from("password_resets")
                .where("token_hash", .equal, SecretKey.digest(token))
                .first(decoding: R.self, keyDecodingStrategy: .convertFromSnakeCase),
            r.usedAt == nil, AccountStore.timestamp(now) < r.expiresAt,
            let u = try await sql.select().column("*").from("users").where("id", .equal, r.userId)
                .first(decoding: UserRow.self, keyDecodingStrategy: .convertFromSnakeCase), u.disabledAt == nil
        else { return nil }
        return u
    }

    /// Sets the new hash, marks the link used, clears the lock and ends every session of the account.
    static func complete(token: String, user: UserRow, passwordHash: String, now: Date, on db: any Database) async throws {
        try await db.transaction { tx in
            let sql = PackStore.sql(tx)
            try await sql.update("password_resets").set("used_at", to: AccountStore.timestamp(now))
                .where("token_hash", .equal, SecretKey.digest(token)).run()
            try await sql.update("users").set("password_hash", to: passwordHash).set("failed_sign_ins", to: 0)
                .set("locked_until", to: SQLLiteral.null).where("id", .equal, user.id).run()
            try await sql.delete(from: "staff_sessions").where("user_id", .equal, user.id).run()
            try await AuditLog.record(
                "account", user.id, action: "password set by emailed link", changes: [],
                by: AuditActor(id: user.id, email: user.email), now: now, on: tx)
        }
    }
}
