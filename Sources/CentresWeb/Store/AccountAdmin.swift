import CentresCore
import Fluent
import Foundation
import SQLKit

/// An account as administrators see it (no hash, no lock details beyond the time).
struct AccountSummary: Sendable {
    var id: String, email: String, name: String, organisation: String?, roles: [Role]
    var createdAt: String, disabledAt: String?, lastSignInAt: String?

    /// The audited view of the account: what an edit can change.
    var auditFields: [String: String] {
        [
            "email": email, "name": name, "organisation": organisation ?? "",
            "roles": roles.map(\.rawValue).joined(separator: ", "), "status": disabledAt == nil ? "active" : "disabled",
        ]
    }
    static let auditOrder = ["email", "name", "organisation", "roles", "status"]
}

/// What administrators do to accounts. Each change is written with its audit entry in one
/// transaction by the caller.
enum AccountAdmin {
    static func all(on db: any Database) async throws -> [AccountSummary] {
        try await summaries(where: nil, on: db)
    }

    static func account(id: String, on db: any Database) async throws -> AccountSummary? {
        try await summaries(where: id, on: db).first
    }

    private static func summaries(where id: String?, on db: any Database) async throws -> [AccountSummary] {
        struct R: Decodable { var userId: String, role: String }
        let sql = PackStore.sql(db)
        var q = sql.select().column("*").from("users")
        if let id { q = q.where("id", .equal, id) }
        let users = try await q.orderBy("email").all(decoding: UserRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        let roles = Dictionary(
            grouping: try await sql.select().columns("user_id", "role").from("user_roles")
                .all(decoding: R.self, keyDecodingStrategy: .convertFromSnakeCase), by: \.userId)
        let orgs = try await organisationNames(on: db)
        return users.map { u in
            AccountSummary(
                id: u.id, email: u.email, name: u.name, organisation: u.organisationId.flatMap { orgs[$0] },
                roles: (roles[u.id] ?? []).compactMap { Role(rawValue: $0.role) }.sorted(), createdAt: u.createdAt,
                disabledAt: u.disabledAt, lastSignInAt: u.lastSignInAt)
        }
    }

    static func organisations(on db: any Database) async throws -> [(id: String, name: String)] {
        struct O: Decodable { var id: String, name: String }
        return try await PackStore.sql(db).select().columns("id", "name").from("organisations").orderBy("name")
            .all(decoding: O.self).map { ($0.id, $0.name) }
    }

    /// Organisation names by id.
    static func organisationNames(on db: any Database) async throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try await organisations(on: db).map { ($0.id, $0.name) })
    }

    /// Enabled accounts holding the administrator role.
    static func activeAdministrators(on db: any Database) async throws -> Set<String> {
        Set(try await all(on: db).filter { $0.disabledAt == nil && $0.roles.contains(.administrator) }.map(\.id))
    }

    static func update(id: String, name: String, organisationID: String?, roles: [Role], on db: any Database) async throws {
        let sql = PackStore.sql(db)
        try await sql.update("users").set("name", to: name).set("organisation_id", to: organisationID)
            .where("id", .equal, id).run()
        try await sql.delete(from: "user_roles").where("user_id", .equal, id).run()
        for role in Set(roles).sorted() {
            try await sql.insert(into: "user_roles").columns("user_id", "role").values(SQLBind(id), SQLBind(role.rawValue)).run()
        }
    }

    /// Disables (ending every session) or re-enables an account.
    static func setDisabled(id: String, _ disabled: Bool, now: Date, on db: any Database) async throws {
        let sql = PackStore.sql(db)
        try await sql.update("users").set("disabled_at", to: disabled ? AccountStore.timestamp(now) : nil)
            .where("id", .equal, id).run()
        if disabled { try await sql.delete(from: "staff_sessions").where("user_id", .equal, id).run() }
    }

    static func setPassword(id: String, hash: String, keepingSession token: String?, on db: any Database) async throws {
        let sql = PackStore.sql(db)
        try await sql.update("users").set("password_hash", to: hash).where("id", .equal, id).run()
        var q = sql.delete(from: "staff_sessions").where("user_id", .equal, id)
        if let token { q = q.where("token_hash", .notEqual, SecretKey.digest(token)) }
        try await q.run()
    }
}
