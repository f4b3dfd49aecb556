import Fluent
import Foundation
import Logging
import SQLKit

/// A stored message and how its delivery is going.
struct OutboxRow: Codable, Sendable, Equatable {
    var id: String, kind: String, toAddress: String, subject: String, body: String, createdAt: String
    var attempts: Int, nextAttemptAt: String, sentAt: String?, failedAt: String?, lastError: String?
    var unsubscribeUrl: String?
}

/// The outbox: `enqueue` inside the transaction that causes the message; `deliverDue` hands due
/// messages to the transport, retrying with back-off and keeping the ones that never go.
enum Outbox {
    /// Waits after the 1st, 2nd, … failure: a server down for a few hours still gets the message.
    static let retryWaits: [TimeInterval] = [60, 300, 900, 3_600, 3 * 3_600, 6 * 3_600]
    static var maximumAttempts: Int { retryWaits.count + 1 }
    /// Kinds whose body holds a secret (a one-time link): once sent, the stored body is replaced,
    /// so the database keeps no live link.
    static let secretKinds: Set<String> = [
        "password-reset", "account-invitation", "watch-confirm", "petition-confirm", SavedForms.mailKind,
    ]
    static let removedBody = "(removed once sent: it held a one-time link)"
    /// Kinds whose body is a copy of what a person wrote (a consultation receipt): once sent, it
    /// goes too, so the outbox keeps no second copy of their answers.
    static let personalKinds: Set<String> = [Receipt.kind]
    static let removedPersonalBody = "(removed once sent: it held a copy of the person's answers)"

    /// `due`: when the message may first go (now unless held back).
    static func enqueue(_ mail: OutgoingMail, kind: String, now: Date, due: Date? = nil, on db: any Database) async throws {
        let row = OutboxRow(
            id: UUID().uuidString.lowercased(), kind: kind, toAddress: mail.to, subject: mail.subject, body: mail.body,
            createdAt: AccountStore.timestamp(now), attempts: 0, nextAttemptAt: AccountStore.timestamp(due ?? now), sentAt: nil,
            failedAt: nil, lastError: nil, unsubscribeUrl: mail.unsubscribeURL)
        try await PackStore.sql(db).insert(into: "outbox").model(row, with: PackStore.encoder).run()
    }

    static func all(on db: any Database) async throws -> [OutboxRow] {
        try await PackStore.sql(db).select().column("*").from("outbox").orderBy("created_at", .descending)
            .all(decoding: OutboxRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Sends every message due at `now`; returns how many went. One server sends (docs/mail.md).
    static let batchSize = 50

    @discardableResult
    static func deliverDue(now: Date, transport: MailTransport, on db: any Database, logger: Logger) async throws -> Int {
        let sql = PackStore.sql(db)
        let due = try await sql.select().column("*").from("outbox").where("sent_at", .is, SQLLiteral.null)
            .where("failed_at", .is, SQLLiteral.null).where("next_attempt_at", .lessThanOrEqual, AccountStore.timestamp(now))
            .orderBy("created_at").limit(batchSize)
            .all(decoding: OutboxRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        var sent = 0
        for m in due {
            do {
                try await transport.send(
                    OutgoingMail(to: m.toAddress, subject: m.subject, body: m.body, unsubscribeURL: m.unsubscribeUrl))
                let update = sql.update("outbox").set("sent_at", to: AccountStore.timestamp(now))
                    .set("attempts", to: m.attempts + 1).where("id", .equal, m.id)
                if secretKinds.contains(m.kind) { update.set("body", to: removedBody) }
                if personalKinds.contains(m.kind) { update.set("body", to: removedPersonalBody) }
                try await update.run()
                sent += 1
            } catch {
                let attempts = m.attempts + 1
                let givenUp = attempts >= maximumAttempts
                let wait = retryWaits[min(attempts - 1, retryWaits.count - 1)]
                try await sql.update("outbox").set("attempts", to: attempts).set("last_error", to: "\(error)")
                    .set("next_attempt_at", to: AccountStore.timestamp(now.addingTimeInterval(wait)))
                    .set("failed_at", to: givenUp ? AccountStore.timestamp(now) : nil)
                    .where("id", .equal, m.id).run()
                logger.warning(
                    "Mail not sent",
                    metadata: ["id": .string(m.id), "attempt": .stringConvertible(attempts), "error": .string("\(error)")])
            }
        }
        return sent
    }
}
