import CentresCore
import Fluent
import Foundation
import SQLKit

struct CodeRow: Codable, Sendable { var id: Int, label: String, description: String? }
struct TagRow: Codable, Sendable { var responseId: Int, questionId: String, codeId: Int }
struct QuoteRow: Codable, Sendable { var responseId: Int, questionId: String }

/// Codes (themes), the tags analysts put on free-text answers, and the quotes chosen for the
/// report. A quote is only ever stored for a response whose author agreed to be quoted.
enum CodingStore {
    static func codes(_ consultationID: String, on db: any Database) async throws -> [CodeRow] {
        try await PackStore.sql(db).select().columns("id", "label", "description").from("consultation_codes")
            .where("consultation_id", .equal, consultationID).orderBy("label")
            .all(decoding: CodeRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Tags of a consultation's responses (joined through the responses, which name the consultation).
    static func tags(_ consultationID: String, on db: any Database) async throws -> [TagRow] {
        try await PackStore.sql(db).select().column(SQLColumn("response_id", table: "t")).column(
            SQLColumn("question_id", table: "t")
        )
        .column(SQLColumn("code_id", table: "t")).from(SQLAlias(SQLIdentifier("consultation_tags"), as: SQLIdentifier("t")))
        .join(
            SQLAlias(SQLIdentifier("consultation_responses"), as: SQLIdentifier("r")), method: SQLJoinMethod.inner,
            on: SQLColumn("id", table: "r"), .equal, SQLColumn("response_id", table: "t")
        )
        .where(SQLColumn("consultation_id", table: "r"), .equal, SQLBind(consultationID))
        .all(decoding: TagRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static func quotes(_ consultationID: String, on db: any Database) async throws -> [QuoteRow] {
        try await PackStore.sql(db).select().column(SQLColumn("response_id", table: "q")).column(
            SQLColumn("question_id", table: "q")
        )
        .from(SQLAlias(SQLIdentifier("consultation_quotes"), as: SQLIdentifier("q")))
        .join(
            SQLAlias(SQLIdentifier("consultation_responses"), as: SQLIdentifier("r")), method: SQLJoinMethod.inner,
            on: SQLColumn("id", table: "r"), .equal, SQLColumn("response_id", table: "q")
        )
        .where(SQLColumn("consultation_id", table: "r"), .equal, SQLBind(consultationID))
        .where(SQLColumn("quote_consent", table: "r"), .equal, SQLBind(true))
        .all(decoding: QuoteRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static func addCode(
        _ c: Consultation, label: String, description: String?, by actor: AuditActor, now: Date, on db: any Database
    )
        async throws
    {
        try await db.transaction { tx in
            try await PackStore.sql(tx).insert(into: "consultation_codes")
                .columns("consultation_id", "label", "description", "created_by", "created_at")
                .values(
                    SQLBind(c.id), SQLBind(label), SQLBind(description), SQLBind(actor.id ?? ""),
                    SQLBind(AccountStore.timestamp(now))
                )
                .run()
            try await AuditLog.record(
                "consultation", c.id, action: "code added", changes: [AuditChange(field: "code", from: nil, to: label)],
                by: actor, now: now,
                on: tx)
        }
    }

    static func removeCode(_ c: Consultation, id: Int, by actor: AuditActor, now: Date, on db: any Database) async throws {
        try await db.transaction { tx in
            guard let code = try await codes(c.id, on: tx).first(where: { $0.id == id }) else {
                throw WebError.notFound(what: "code", id: String(id))
            }
            try await PackStore.sql(tx).delete(from: "consultation_tags").where("code_id", .equal, id).run()
            try await PackStore.sql(tx).delete(from: "consultation_codes").where("id", .equal, id).run()
            try await AuditLog.record(
                "consultation", c.id, action: "code removed", changes: [AuditChange(field: "code", from: code.label, to: nil)],
                by: actor,
                now: now, on: tx)
        }
    }

    /// Replaces the tags and quote choices of `responseIDs`' answers to `questionID` (the page
    /// of answers the analyst saw), in one transaction.
    static func save(
        _ c: Consultation, questionID: String, responseIDs: [Int], tags: [Int: Set<Int>], quotes: Set<Int>, by userID: String,
        now: Date,
        on db: any Database
    ) async throws {
        guard !responseIDs.isEmpty else { return }
        let known = Set(try await codes(c.id, on: db).map(\.id))
        let responses = try await ResponseStore.all(c.id, on: db)
        let consenting = Set(responses.filter(\.quoteConsent).map(\.id))
        let ids = responseIDs.filter(Set(responses.map(\.id)).contains)
        let stamp = AccountStore.timestamp(now)
        try await db.transaction { tx in
            let sql = PackStore.sql(tx)
            try await sql.delete(from: "consultation_tags").where("question_id", .equal, questionID).where(
                "response_id", .in, ids
            ).run()
            try await sql.delete(from: "consultation_quotes").where("question_id", .equal, questionID).where(
                "response_id", .in, ids
            ).run()
            for r in ids {
                for code in (tags[r] ?? []).filter(known.contains).sorted() {
                    try await sql.insert(into: "consultation_tags").columns(
                        "response_id", "question_id", "code_id", "tagged_by", "tagged_at"
                    )
                    .values(SQLBind(r), SQLBind(questionID), SQLBind(code), SQLBind(userID), SQLBind(stamp)).run()
                }
                if quotes.contains(r) && consenting.contains(r) {
                    try await sql.insert(into: "consultation_quotes").columns(
                        "response_id", "question_id", "selected_by", "selected_at"
                    )
                    .values(SQLBind(r), SQLBind(questionID), SQLBind(userID), SQLBind(stamp)).run()
                }
            }
        }
    }
}
