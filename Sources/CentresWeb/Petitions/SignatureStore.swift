import CentresCore
import Fluent
import FluentSQLiteDriver
import Foundation
import SQLKit

struct SignatureRow: Codable, Sendable {
    var id: String, petitionId: String, name: String, nameKey: String, email: String?, canonicalEmail: String?
    var householdSlot: Int?, postcode: String, areaCode: String?, districtCode: String?, inArea: Bool, reason: String
    var privacyVersion: String, updatesConsent: Bool, channel: String, state: String, confirmHash: String?
    var confirmExpiresAt: String?, confirmSends: Int, clientAddress: String?, emailDomain: String?, createdAt: String
    var confirmedAt: String?, invalidatedAt: String?, invalidationReason: String?
    var sheetNumber: Int? = nil, sheetRow: Int? = nil, address: String? = nil

    /// Counted: confirmed online, or accepted from paper.
    var isCounted: Bool { state == "confirmed" || state == "accepted" }
    /// Stands for a person in duplicate checks: anything not set aside.
    var isLive: Bool { state == "confirmed" || state == "accepted" || state == "pending" }

    /// How the counts bucket a stored state.
    static func bucket(_ state: String) -> String {
        switch state {
        case "confirmed", "accepted": "confirmed"
        case "pending": "pending"
        default: "invalidated"
        }
    }
}

/// Where a signatory lives, as the pack's postcode and area data place them.
struct SignaturePlace: Sendable {
    var areaCode: String?
    var districtCode: String?
    var inArea: Bool
}

/// Online signatures: stored pending with a confirmation link, counted once confirmed.
enum SignatureStore {
    /// How long a confirmation link works, and how many times one signature's link is sent.
    static let confirmLifetime: TimeInterval = 14 * 86_400
    static let maximumSends = 3

    enum Outcome: Sendable {
        /// A new pending signature, or one whose link is sent again: mail this token.
        case send(token: String)
        /// Nothing to send: already confirmed, or its link sent as often as allowed.
        case nothingToSend
        /// Refused by the household rule, with why.
        case refused(String)
    }

    /// Records an online signature, or resends the link of the same person's pending one, and
    /// queues `mail(token)` in the same transaction: a signature acknowledged to the signer always
    /// has its confirmation mail on the way. Two submissions racing for one person's row or one
    /// household slot meet a unique constraint; the loser tries again and sees the winner's row.
    static func sign(
        petitionID: String, _ s: SignatureSubmission, place: SignaturePlace, client: String?, now: Date, on db: any Database,
        mail: @escaping @Sendable (String) -> OutgoingMail
    ) async throws -> Outcome {
        try await Racing.attempt {
            try await signOnce(petitionID: petitionID, s, place: place, client: client, now: now, on: db, mail: mail)
        }
    }

    private static func signOnce(
        petitionID: String, _ s: SignatureSubmission, place: SignaturePlace, client: String?, now: Date, on db: any Database,
        mail: @escaping @Sendable (String) -> OutgoingMail
    ) async throws -> Outcome {
        let canonical = SignatoryRules.canonicalEmail(s.email)
        let token = SecretKey.make()
        let expires = AccountStore.timestamp(now.addingTimeInterval(confirmLifetime))
        let first = SignatureRow(
            id: UUID().uuidString.lowercased(), petitionId: petitionID, name: s.name, nameKey: s.nameKey, email: s.email,
            canonicalEmail: canonical, householdSlot: 1, postcode: s.postcode.text, areaCode: place.areaCode,
            districtCode: place.districtCode, inArea: place.inArea, reason: s.reason.rawValue,
            privacyVersion: PrivacyNotice.current.version, updatesConsent: s.updatesConsent, channel: "online",
            state: "pending", confirmHash: SecretKey.digest(token), confirmExpiresAt: expires, confirmSends: 1,
            clientAddress: client, emailDomain: canonical.split(separator: "@").last.map(String.init),
            createdAt: AccountStore.timestamp(now), confirmedAt: nil, invalidatedAt: nil, invalidationReason: nil)
        let outgoing = mail(token)
        if try await FirstSignature.insert(first, mail: outgoing, now: now, on: PackStore.sql(db)) {
            return .send(token: token)
        }
        return try await db.transaction { tx in
            let sql = PackStore.sql(tx)
            let same = try await sql.select().column("*").from("signatures").where("petition_id", .equal, petitionID)
                .where("canonical_email", .equal, canonical)
                .all(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            if let mine = same.first(where: { $0.nameKey == s.nameKey }) {
                guard mine.state == "pending", mine.confirmSends < maximumSends else { return .nothingToSend }
                try await sql.update("signatures").set("confirm_hash", to: SecretKey.digest(token))
                    .set("confirm_expires_at", to: expires).set("confirm_sends", to: mine.confirmSends + 1)
                    .where("id", .equal, mine.id).run()
                try await Outbox.enqueue(outgoing, kind: "petition-confirm", now: now, on: tx)
                return .send(token: token)
            }
            let postcodes = same.filter { $0.state != "invalidated" }.compactMap { Postcode($0.postcode) }
            if let refusal = HouseholdRule.refusal(existingPostcodes: postcodes, newPostcode: s.postcode) {
                return .refused(refusal)
            }
            var row = first
            row.householdSlot = (same.compactMap(\.householdSlot).max() ?? 0) + 1
            try await sql.insert(into: "signatures").model(row, with: PackStore.encoder).run()
            try await Outbox.enqueue(outgoing, kind: "petition-confirm", now: now, on: tx)
            return .send(token: token)
        }
    }

    /// The pending signature a confirmation token belongs to, if the link still works.
    static func pending(token: String, petitionID: String, now: Date, on db: any Database) async throws -> SignatureRow? {
        guard
            let r = try await PackStore.sql(db).select().column("*").from("signatures")
                .where("confirm_hash", .equal, SecretKey.digest(token)).where("petition_id", .equal, petitionID)
                .first(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase),
            r.state == "pending", let expires = r.confirmExpiresAt, AccountStore.timestamp(now) < expires
        else { return nil }
        return r
    }

    /// Confirms the signature and records any threshold the petition has now reached, in one transaction.
    static func confirm(_ s: SignatureRow, scheme: PetitionScheme, now: Date, on db: any Database) async throws {
        try await db.transaction { tx in
            let sql = PackStore.sql(tx)
            try await sql.update("signatures").set("state", to: "confirmed").set("confirmed_at", to: AccountStore.timestamp(now))
                .set("confirm_hash", to: SQLLiteral.null).set("confirm_expires_at", to: SQLLiteral.null)
                .where("id", .equal, s.id).where("state", .equal, "pending").run()
            try await recordThresholds(petitionID: s.petitionId, scheme: scheme, now: now, on: tx)
        }
    }

    /// Inserts a row for each threshold the confirmed count has reached and that has none yet.
    static func recordThresholds(petitionID: String, scheme: PetitionScheme, now: Date, on db: any Database) async throws {
        let sql = PackStore.sql(db)
        let count = try await counts(petitionID: petitionID, on: db).confirmed
        let reached = Set(try await thresholds(petitionID: petitionID, on: db).map(\.name))
        for t in scheme.thresholds where count >= t.count && !reached.contains(t.name) {
            try await sql.insert(into: "petition_thresholds").columns("petition_id", "name", "count", "reached_at")
                .values(SQLBind(petitionID), SQLBind(t.name), SQLBind(t.count), SQLBind(AccountStore.timestamp(now))).run()
        }
    }

    struct Threshold: Decodable, Sendable { var name: String, count: Int, reachedAt: String }

    static func thresholds(petitionID: String, on db: any Database) async throws -> [Threshold] {
        try await PackStore.sql(db).select().columns("name", "count", "reached_at").from("petition_thresholds")
            .where("petition_id", .equal, petitionID).orderBy("count")
            .all(decoding: Threshold.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    struct Counts: Sendable, Equatable {
        var confirmed = 0
        var pending = 0
        var invalidated = 0
    }

    static func counts(petitionID: String, on db: any Database) async throws -> Counts {
        struct R: Decodable { var state: String, n: Int }
        let rows = try await PackStore.sql(db).select().column("state")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("signatures")
            .where("petition_id", .equal, petitionID).groupBy("state").all(decoding: R.self)
        var c = Counts()
        for r in rows {
            switch SignatureRow.bucket(r.state) {
            case "confirmed": c.confirmed += r.n
            case "pending": c.pending += r.n
            default: c.invalidated += r.n
            }
        }
        return c
    }

    /// Signatures of one state in one place: a district or a small area (`code`), or outside the area.
    struct PlaceCount: Decodable, Sendable {
        var code: String?
        var inArea: Bool
        var state: String
        var n: Int
    }

    enum Place: String { case district = "district_code", area = "area_code" }

    /// Signatures by district or small area and state; outside the area is its own line (no code).
    static func counts(petitionID: String, by place: Place, on db: any Database) async throws -> [PlaceCount] {
        try await PackStore.sql(db).select().column(SQLIdentifier(place.rawValue), as: "code").columns("in_area", "state")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("signatures")
            .where("petition_id", .equal, petitionID).groupBy(SQLIdentifier(place.rawValue)).groupBy("in_area").groupBy("state")
            .all(decoding: PlaceCount.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
