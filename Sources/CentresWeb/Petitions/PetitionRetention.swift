import CentresCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Personal data in petitions is kept only as long as the policy says: a set number of days after
/// a petition closes, every signature's name, email, address, postcode and client address are
/// removed and the sheets' scans deleted, leaving each signature's state, channel, district and
/// small area, so every count stays. A signatory may ask for their signature to be erased before
/// then. Both are audited without recording whose data it was.
enum PetitionRetention {
    /// The columns that say who a signatory is, and what they become.
    static func blank(_ q: SQLUpdateBuilder) -> SQLUpdateBuilder {
        q.set("name", to: "").set("name_key", to: "").set("email", to: SQLLiteral.null).set(
            "canonical_email", to: SQLLiteral.null
        )
        .set("household_slot", to: SQLLiteral.null).set("postcode", to: "").set("address", to: SQLLiteral.null)
        .set("client_address", to: SQLLiteral.null).set("email_domain", to: SQLLiteral.null)
        .set("confirm_hash", to: SQLLiteral.null).set("invalidation_reason", to: SQLLiteral.null)
    }

    /// Anonymises every petition closed more than `afterDays` days before `today` and not yet done.
    @discardableResult
    static func anonymiseDue(today: SimpleDate, afterDays: Int, now: Date, on db: any Database) async throws -> Int {
        struct R: Decodable { var id: String, closesOn: String, anonymisedAt: String? }
        let candidates = try await PackStore.sql(db).select().columns("id", "closes_on", "anonymised_at").from("petitions")
            .where("state", .in, [PetitionState.open.rawValue, PetitionState.closed.rawValue])
            .all(decoding: R.self, keyDecodingStrategy: .convertFromSnakeCase)
        var done = 0
        for p in candidates where p.anonymisedAt == nil {
            guard let closes = SimpleDate(p.closesOn), let due = closes.adding(days: afterDays), due < today else { continue }
            try await db.transaction { tx in
                let sql = PackStore.sql(tx)
                struct N: Decodable { var n: Int }
                let n =
                    try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("signatures")
                    .where("petition_id", .equal, p.id).first(decoding: N.self)?.n ?? 0
                try await blank(sql.update("signatures")).where("petition_id", .equal, p.id).run()
                try await sql.delete(from: "petition_sheet_scans").where("petition_id", .equal, p.id).run()
                try await sql.update("petitions").set("anonymised_at", to: AccountStore.timestamp(now)).where("id", .equal, p.id)
                    .run()
                try await AuditLog.record(
                    "petition", p.id, action: "personal data anonymised",
                    changes: [AuditChange(field: "signatures anonymised", from: nil, to: String(n))],
                    by: AuditActor(id: nil, email: "the retention policy"),
                    note: "\(afterDays) days after closing on \(closes)", now: now, on: tx)
            }
            done += 1
        }
        return done
    }

    /// The signatures an erasure request names: by email (any spelling of the mailbox) or by
    /// name and postcode.
    static func matching(petitionID: String, email: String?, name: String?, postcode: String?, on db: any Database)
        async throws -> [SignatureRow]
    {
        var q = PackStore.sql(db).select().column("*").from("signatures").where("petition_id", .equal, petitionID)
        if let email {
            q = q.where("canonical_email", .equal, SignatoryRules.canonicalEmail(email))
        } else if let name, let postcode = postcode.flatMap(Postcode.init) {
            q = q.where("name_key", .equal, SignatureSubmission.nameKey(name)).where("postcode", .equal, postcode.text)
        } else {
            return []
        }
        return try await q.all(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Erases the signatures (they stop counting and nothing about the person is kept) and
    /// records how many, not whose.
    static func erase(_ rows: [SignatureRow], petitionID: String, by actor: AuditActor, now: Date, on db: any Database)
        async throws
    {
        try await db.transaction { tx in
            let ids = rows.map(\.id)
            if !ids.isEmpty { try await PackStore.sql(tx).delete(from: "signatures").where("id", .in, ids).run() }
            try await AuditLog.record(
                "petition", petitionID, action: "signatures erased on request",
                changes: [AuditChange(field: "signatures erased", from: nil, to: String(ids.count))], by: actor, now: now, on: tx)
        }
    }
}

extension Application {
    private struct PetitionRetentionKey: StorageKey {
        typealias Value = Int
    }

    var petitionRetentionDays: Int {
        get { storage[PetitionRetentionKey.self] ?? 90 }
        set { storage[PetitionRetentionKey.self] = newValue }
    }
}
