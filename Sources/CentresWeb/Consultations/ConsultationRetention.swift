import CentresCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Personal data in consultation responses, kept only as the policy says (docs/security.md):
/// a set number of days after a consultation closes, every postcode in its responses and
/// unsettled paper keyings is cut to its outward code ("NR1 1AA" → "NR1"), leaving the district,
/// small area and decile worked out from it, so every count stays. Email addresses are never
/// stored with a response; receipts leave the outbox once sent; saved forms go at closing.
/// Free-text answers are the council's record of the consultation and are kept; quotes are
/// only published with the respondent's consent.
enum ConsultationRetention {
    /// The answers with each postcode cut to its outward code.
    static func reduced(_ answers: [String: ConsultationAnswer]) -> [String: ConsultationAnswer] {
        answers.mapValues { a in
            if case .postcode(let p) = a { return .postcode(outward(p)) }
            return a
        }
    }

    static func outward(_ postcode: String) -> String {
        Postcode(postcode)?.outward ?? String(postcode.split(separator: " ").first ?? "")
    }

    /// Reduces every consultation closed more than `afterDays` days before `today` and not yet done.
    @discardableResult
    static func reduceDue(today: SimpleDate, afterDays: Int, now: Date, on db: any Database) async throws -> Int {
        struct R: Decodable { var id: String, closesOn: String, postcodesReducedAt: String? }
        let candidates = try await PackStore.sql(db).select().columns("id", "closes_on", "postcodes_reduced_at")
            .from("consultations").where("state", .notEqual, Consultation.State.draft.rawValue)
            .all(decoding: R.self, keyDecodingStrategy: .convertFromSnakeCase)
        var done = 0
        for c in candidates where c.postcodesReducedAt == nil {
            guard let closes = SimpleDate(c.closesOn), let due = closes.adding(days: afterDays), due < today else { continue }
            try await db.transaction { tx in
                let sql = PackStore.sql(tx)
                var n = 0
                for r in try await ResponseStore.all(c.id, on: tx) {
                    try await sql.update("consultation_responses").set("postcode", to: r.postcode.map(outward))
                        .set("answers", to: ConsultationStore.json(reduced(r.decodedAnswers)))
                        .set("anonymised_at", to: AccountStore.timestamp(now)).where("id", .equal, r.id).run()
                    n += 1
                }
                for k in try await KeyingStore.keyings(c.id, on: tx) {
                    try await sql.update("consultation_keyings").set(
                        "answers", to: ConsultationStore.json(reduced(k.keying.answers))
                    )
                    .where("id", .equal, k.id).run()
                }
                try await sql.update("consultations").set("postcodes_reduced_at", to: AccountStore.timestamp(now))
                    .where("id", .equal, c.id).run()
                try await AuditLog.record(
                    "consultation", c.id, action: "postcodes reduced",
                    changes: [AuditChange(field: "responses", from: nil, to: String(n))],
                    by: AuditActor(id: nil, email: "the retention policy"), note: "\(afterDays) days after closing on \(closes)",
                    now: now, on: tx)
            }
            done += 1
        }
        return done
    }
}

extension Application {
    private struct ConsultationRetentionKey: StorageKey {
        typealias Value = Int
    }

    var consultationRetentionDays: Int {
        get { storage[ConsultationRetentionKey.self] ?? 90 }
        set { storage[ConsultationRetentionKey.self] = newValue }
    }
}
