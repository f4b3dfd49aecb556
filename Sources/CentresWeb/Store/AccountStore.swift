import CentresCore
import Fluent
import Foundation
import SQLKit

/// A stored staff account (the password hash never leaves this file's callers' checks).
struct UserRow: Codable, Sendable {
    var id: String, email: String, name: String, passwordHash: String, organisationId: String?
    var createdAt: String, disabledAt: String?, failedSignIns: Int, lockedUntil: String?, lastSignInAt: String?
}

/// Who is signed in: what the pages and the checks need, without the password hash.
struct StaffMember: Sendable, Equatable {
    var id: String, email: String, name: String, organisationId: String?
    var roles: [Role]

    func can(_ capability: Capability) -> Bool { Role.allows(roles, capability) }
}

/// Accounts, roles and signed-in sessions.
enum AccountStore {
    static func timestamp(_ date: Date) -> String { date.ISO8601Format() }

    static func user(email: String, on db: any Database) async throws -> UserRow? {
        try await PackStore.sql(db).select().column("*").from("users").where("email", .equal, email)
            .first(decoding: UserRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static func roles(of userID: String, on db: any Database) async throws -> [Role] {
        struct R: Decodable { var role: String }
        return try await PackStore.sql(db).select().column("role").from("user_roles").where("user_id", .equal, userID)
            .all(decoding: R.self).compactMap { Role(rawValue: $0.role) }.sorted()
    }

    static func member(_ u: UserRow, on db: any Database) async throws -> StaffMember {
        StaffMember(
            id: u.id, email: u.email, name: u.name, organisationId: u.organisationId, roles: try await roles(of: u.id, on: db))
    }

    /// Creates an account with `roles`; refuses an address already in use.
    static func create(
        email: String, name: String, passwordHash: String, roles: [Role], organisationID: String?, now: Date,
        on db: any Database
    ) async throws -> StaffMember {
        try await db.transaction { tx in
            let sql = PackStore.sql(tx)
            if try await user(email: email, on: tx) != nil { throw CentresError("an account for \(email) already exists") }
            let row = UserRow(
                id: UUID().uuidString.lowercased(), email: email, name: name, passwordHash: passwordHash,
                organisationId: organisationID, createdAt: timestamp(now), disabledAt: nil, failedSignIns: 0, lockedUntil: nil,
                lastSignInAt: nil)
            try await sql.insert(into: "users").model(row, with: PackStore.encoder).run()
            for role in Set(roles).sorted() {
                try await sql.insert(into: "user_roles").columns("user_id", "role").values(
                    SQLBind(row.id), SQLBind(role.rawValue)
                )
                .run()
            }
            return try await member(row, on: tx)
        }
    }

    /// The organisation called `name`, created if new; returns its id.
    static func organisation(named name: String, now: Date, on db: any Database) async throws -> String {
        struct O: Decodable { var id: String }
        let sql = PackStore.sql(db)
        if let o = try await sql.select().column("id").from("organisations").where("name", .equal, name).first(decoding: O.self) {
            return o.id
        }
        let id = UUID().uuidString.lowercased()
        try await sql.insert(into: "organisations").columns("id", "name", "created_at")
            .values(SQLBind(id), SQLBind(name), SQLBind(timestamp(now))).run()
        return id
    }

    static func recordFailure(_ u: UserRow, backoff: SignInBackoff, now: Date, on db: any Database) async throws {
        let failures = u.failedSignIns + 1
        let wait = backoff.wait(afterFailures: failures)
        try await PackStore.sql(db).update("users").set("failed_sign_ins", to: failures)
            .set("locked_until", to: wait > 0 ? timestamp(now.addingTimeInterval(wait)) : nil)
            .where("id", .equal, u.id).run()
    }

    static func recordSuccess(_ u: UserRow, now: Date, on db: any Database) async throws {
        try await PackStore.sql(db).update("users").set("failed_sign_ins", to: 0).set("locked_until", to: SQLLiteral.null)
            .set("last_sign_in_at", to: timestamp(now)).where("id", .equal, u.id).run()
    }

    /// Starts a session for `userID`: returns the token for the cookie (its digest is stored).
    static func startSession(userID: String, lifetime: TimeInterval, now: Date, on db: any Database) async throws -> String {
        let token = SecretKey.make()
        try await PackStore.sql(db).insert(into: "staff_sessions").columns("token_hash", "user_id", "created_at", "expires_at")
            .values(
                SQLBind(SecretKey.digest(token)), SQLBind(userID), SQLBind(timestamp(now)),
                SQLBind(timestamp(now.addingTimeInterval(lifetime)))
            ).run()
        return token
    }

    /// The member a session token belongs to, if the session is current and the account enabled.
    static func member(sessionToken token: String, now: Date, on db: any Database) async throws -> StaffMember? {
        struct S: Decodable { var userId: String, expiresAt: String }
        let sql = PackStore.sql(db)
        guard
            let s = try await sql.select().columns("user_id", "expires_at").from("staff_sessions")
                .where("token_hash", .equal, SecretKey.digest(token))
                .first(decoding: S.self, keyDecodingStrategy: .convertFromSnakeCase),
            let expires = try? Date(s.expiresAt, strategy: .iso8601), expires > now,
            let u = try await sql.select().column("*").from("users").where("id", .equal, s.userId)
                .first(decoding: UserRow.self, keyDecodingStrategy: .convertFromSnakeCase), u.disabledAt == nil
        else { return nil }
        return try await member(u, on: db)
    }

    static func endSession(token: String, on db: any Database) async throws {
        try await PackStore.sql(db).delete(from: "staff_sessions").where("token_hash", .equal, SecretKey.digest(token)).run()
    }

    /// Removes expired sessions (run at sign-in, so the table never grows without bound).
    static func purgeSessions(now: Date, on db: any Database) async throws {
        try await PackStore.sql(db).delete(from: "staff_sessions").where("expires_at", .lessThan, timestamp(now)).run()
    }
}
