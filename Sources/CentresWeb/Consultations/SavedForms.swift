import CentresCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Answers saved to finish later: the form's fields under a random token's digest, until the
/// day after the consultation closes, reached only by the emailed link. The email address is not
/// stored; sending the response deletes the saved answers.
enum SavedForms {
    static let mailKind = "consultation-saved"

    static func save(_ c: Consultation, fields: [String: [String]], email: String, replacing old: String?, req: Request)
        async throws
    {
        let kept = fields.filter { $0.key.hasPrefix("q-") || $0.key == "quote_consent" }
        let token = SecretKey.make()
        let now = Date()
        let expires =
            c.closesOn.adding(days: 1).map { "\($0)T00:00:00Z" } ?? AccountStore.timestamp(now.addingTimeInterval(86_400))
        let link = req.application.publicURL + SiteURL.consultationSaved(c.id, token: token).path
        try await req.db.transaction { tx in
            if let old { try await delete(old, on: tx) }
            try await PackStore.sql(tx).insert(into: "consultation_saved_forms")
                .columns("token_hash", "consultation_id", "fields", "created_at", "expires_at")
                .values(
                    SQLBind(SecretKey.digest(token)), SQLBind(c.id), SQLBind(ConsultationStore.json(kept)),
                    SQLBind(AccountStore.timestamp(now)), SQLBind(expires)
                ).run()
            try await Outbox.enqueue(
                OutgoingMail(
                    to: email, subject: "Your saved answers: \(c.title)",
                    body: """
                        You saved your answers to the consultation "\(c.title)" to finish later.

                        To carry on, open this link (it works until the consultation closes on \(c.closesOn.longText)):
                        \(link)

                        Your answers are not sent until you press "Send my response". Anyone with this link can see and
                        change them, so do not forward this email. This email address is not stored.
                        """), kind: mailKind, now: now, on: tx)
        }
    }

    /// The saved fields, if the token is live for this consultation.
    static func fields(_ token: String, consultationID: String, now: Date, on db: any Database) async throws -> [String:
        [String]]?
    {
        struct R: Decodable { var fields: String }
        guard token.count == 43,
            let r = try await PackStore.sql(db).select().column("fields").from("consultation_saved_forms")
                .where("token_hash", .equal, SecretKey.digest(token)).where("consultation_id", .equal, consultationID)
                .where("expires_at", .greaterThan, AccountStore.timestamp(now)).first(decoding: R.self)
        else { return nil }
        return try? JSONDecoder().decode([String: [String]].self, from: Data(r.fields.utf8))
    }

    static func delete(_ token: String, on db: any Database) async throws {
        try await PackStore.sql(db).delete(from: "consultation_saved_forms").where("token_hash", .equal, SecretKey.digest(token))
            .run()
    }

    /// Removes expired saved forms (run with the retention policy).
    static func purgeExpired(now: Date, on db: any Database) async throws {
        try await PackStore.sql(db).delete(from: "consultation_saved_forms")
            .where("expires_at", .lessThan, AccountStore.timestamp(now)).run()
    }
}
