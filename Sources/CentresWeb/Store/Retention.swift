import Fluent
import Foundation
import SQLKit

/// How long personal data and records are kept (docs/security.md has the table). `run` deletes
/// what has outlived its time; the server runs it hourly.
enum Retention {
    static let day: TimeInterval = 86_400
    /// Sent mail (recipient, subject, body): long enough to answer "did you email me?".
    static let sentMail = 90 * day
    /// Used or expired password links and invitations.
    static let passwordLinks = 7 * day
    /// The audit log: six years, as council records of decisions are commonly kept.
    static let audit = 6 * 365 * day

    /// Mail that failed for good is not deleted: the rule is that it is never lost.
    struct Purged: Equatable { var sessions = 0, passwordLinks = 0, sentMail = 0, watchers = 0, audit = 0 }

    @discardableResult
    static func run(now: Date, on db: any Database) async throws -> Purged {
        let sql = PackStore.sql(db)
        func stamp(_ age: TimeInterval) -> String { AccountStore.timestamp(now.addingTimeInterval(-age)) }
        func count(_ table: String, _ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> Int {
            struct N: Decodable { var n: Int }
            return try await filter(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table))
                .first(decoding: N.self)?.n ?? 0
        }
        var p = Purged()
        let nowStamp = AccountStore.timestamp(now)
        p.sessions = try await count("staff_sessions") { $0.where("expires_at", .lessThan, nowStamp) }
        try await AccountStore.purgeSessions(now: now, on: db)
        let oldLinks = stamp(passwordLinks)
        p.passwordLinks = try await count("password_resets") { $0.where("expires_at", .lessThan, oldLinks) }
        try await sql.delete(from: "password_resets").where("expires_at", .lessThan, oldLinks).run()
        let sentBefore = stamp(sentMail)
        p.sentMail = try await count("outbox") { $0.where("sent_at", .lessThan, sentBefore) }
        try await sql.delete(from: "outbox").where("sent_at", .lessThan, sentBefore).run()
        p.watchers = try await count("watchers") {
            $0.where("confirmed_at", .is, SQLLiteral.null).where("confirm_expires_at", .lessThan, nowStamp)
        }
        try await WatcherStore.purgeUnconfirmed(now: now, on: db)
        try await SavedForms.purgeExpired(now: now, on: db)
        let auditBefore = stamp(audit)
        p.audit = try await count("audit_log") { $0.where("at", .lessThan, auditBefore) }
        try await sql.delete(from: "audit_log").where("at", .lessThan, auditBefore).run()
        return p
    }
}
