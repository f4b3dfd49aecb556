import CentresCore
import Fluent
import Foundation
import SQLKit

/// Moderators' tools against abuse: the blocklist, bursts of signatures by client address or
/// email domain, and invalidating signatures in bulk by a filter.
enum AbuseStore {
    struct Entry: Codable, Sendable {
        var id: String, kind: String, value: String, note: String?, createdBy: String, createdAt: String
    }

    static func entries(on db: any Database) async throws -> [Entry] {
        try await PackStore.sql(db).select().column("*").from("petition_blocklist").orderBy("kind").orderBy("value")
            .all(decoding: Entry.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The blocklist's key in `Application.blocklistCache`.
    static let blocklistKey = "blocklist"

    static func blocklist(on db: any Database) async throws -> Blocklist {
        var b = Blocklist()
        for e in try await entries(on: db) { _ = Blocklist.Kind(rawValue: e.kind).flatMap { b.add($0, e.value) } }
        return b
    }

    // MARK: Bursts

    /// Signatures in one hour from one client address or one email domain, at or above the limit.
    struct Burst: Decodable, Sendable, Encodable {
        var hour: String
        var source: String
        var petitionId: String
        var n: Int
    }

    /// In each clock hour since `since` (UTC), the client addresses and the email domains (other
    /// than the big providers) that signed one petition at least `perAddress` / `perDomain` times.
    static func bursts(since: Date, perAddress: Int, perDomain: Int, on db: any Database) async throws -> (
        addresses: [Burst], domains: [Burst]
    ) {
        let sql = PackStore.sql(db)
        // The first 13 characters of an ISO 8601 time are its hour: "2026-11-22T17".
        let hour = SQLFunction("substr", args: SQLIdentifier("created_at"), SQLLiteral.numeric("1"), SQLLiteral.numeric("13"))
        func group(_ column: String, _ minimum: Int) async throws -> [Burst] {
            try await sql.select().column(hour, as: "hour").column(SQLIdentifier(column), as: "source").column("petition_id")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("signatures")
                .where("created_at", .greaterThanOrEqual, AccountStore.timestamp(since))
                .where(SQLIdentifier(column), .isNot, SQLLiteral.null)
                .groupBy(hour).groupBy(SQLIdentifier(column)).groupBy("petition_id")
                .having(SQLFunction("COUNT", args: SQLLiteral.all), .greaterThanOrEqual, SQLBind(minimum))
                .orderBy(SQLOrderBy(expression: hour, direction: SQLDirection.descending)).orderBy("n", .descending)
                .all(decoding: Burst.self, keyDecodingStrategy: .convertFromSnakeCase)
        }
        let domains = try await group("email_domain", perDomain).filter { !SignatoryRules.knownProviders.contains($0.source) }
        return (try await group("client_address", perAddress), domains)
    }

    // MARK: Bulk invalidation

    /// Which signatures of a petition a moderator means: any of these left empty matches all.
    struct Filter: Sendable, Equatable {
        var petitionID: String
        var clientRange: IPRange?
        var emailDomain: String?
        var from: String?
        var to: String?
        var includeConfirmed: Bool

        var description: String {
            [
                "petition \(petitionID)", clientRange.map { "client address in \($0)" }, emailDomain.map { "email domain \($0)" },
                from.map { "made from \($0)" }, to.map { "made before \($0)" },
                includeConfirmed ? "pending and confirmed" : "pending only",
            ].compactMap { $0 }.joined(separator: "; ")
        }
    }

    /// The signatures the filter matches, oldest first (not already invalidated).
    static func matching(_ f: Filter, on db: any Database) async throws -> [SignatureRow] {
        var q = PackStore.sql(db).select().column("*").from("signatures").where("petition_id", .equal, f.petitionID)
            .where("state", .in, f.includeConfirmed ? ["pending", "confirmed"] : ["pending"])
        if let d = f.emailDomain { q = q.where("email_domain", .equal, d) }
        if let from = f.from { q = q.where("created_at", .greaterThanOrEqual, from) }
        if let to = f.to { q = q.where("created_at", .lessThan, to) }
        let rows = try await q.orderBy("created_at").orderBy("id")
            .all(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard let range = f.clientRange else { return rows }
        return rows.filter { $0.clientAddress.map(range.contains) ?? false }
    }

    /// Invalidates every signature the filter matches, with the reason, and records one audit
    /// entry naming the filter and the count, all in one transaction. Returns the count.
    static func invalidate(_ f: Filter, reason: String, by actor: AuditActor, now: Date, on db: any Database) async throws -> Int
    {
        try await db.transaction { tx in
            let ids = try await matching(f, on: tx).map(\.id)
            var start = 0
            while start < ids.count {
                let chunk = Array(ids[start..<min(ids.count, start + 400)])
                try await PackStore.sql(tx).update("signatures").set("state", to: "invalidated")
                    .set("invalidated_at", to: AccountStore.timestamp(now)).set("invalidation_reason", to: reason)
                    .set("confirm_hash", to: SQLLiteral.null).where("id", .in, chunk).run()
                start += chunk.count
            }
            try await AuditLog.record(
                "petition", f.petitionID, action: "signatures invalidated",
                changes: [AuditChange(field: "invalidated signatures", from: nil, to: String(ids.count))], by: actor,
                note: "\(f.description); reason: \(reason)", now: now, on: tx)
            return ids.count
        }
    }
}
