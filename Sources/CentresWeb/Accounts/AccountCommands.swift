import CentresCore
import Fluent
import Foundation
import Vapor

extension CentresApp {
    /// Creates a staff account (the first administrator, typically). The password is checked
    /// against the same rules as the web's and stored only as a bcrypt hash.
    public static func createUser(
        config: AppConfig, email rawEmail: String, name: String, roles: [String], organisation: String?, password: String
    ) async throws -> String {
        let email = Credentials.normalisedEmail(rawEmail)
        if let problem = Credentials.emailProblem(email) { throw CentresError("--email: \(problem)") }
        let name = name.trimmingCharacters(in: .whitespaces)
        if name.isEmpty { throw CentresError("--name: give the person's name") }
        let parsed = try roles.map { raw in
            guard let r = Role(rawValue: raw) else {
                throw CentresError("--role: '\(raw)' is not a role (\(Role.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return r
        }
        if parsed.isEmpty { throw CentresError("--role: give at least one role") }
        if let problem = Credentials.passwordProblem(password, email: email) { throw CentresError("password: \(problem)") }
        return try await withApp(config) { app in
            try await app.autoMigrate()
            let hash = try await app.password.async.hash(password).get()
            let now = Date()
            let member = try await app.db.transaction { tx in
                var orgID: String?
                if let organisation { orgID = try await AccountStore.organisation(named: organisation, now: now, on: tx) }
                let member = try await AccountStore.create(
                    email: email, name: name, passwordHash: hash, roles: parsed, organisationID: orgID, now: now, on: tx)
                let summary = try await AccountAdmin.account(id: member.id, on: tx)!
                try await AuditLog.record(
                    "account", member.id, action: "created",
                    changes: AuditChange.diff([:], summary.auditFields, order: AccountSummary.auditOrder),
                    by: AuditActor(id: nil, email: "command line (centres admin create-user)"), now: now, on: tx)
                return member
            }
            return "Created \(member.email) (\(member.roles.map(\.rawValue).joined(separator: ", "))). Sign in at /sign-in."
        }
    }
}
