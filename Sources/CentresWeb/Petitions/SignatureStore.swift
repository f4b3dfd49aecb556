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
///
/// A pending signature takes no household place: anyone can type any email address, so only the
/// address's owner, by confirming, decides which names it carries. The household rule
/// (`HouseholdRule`) is applied to counted signatures when a name is signed and again, in the
/// confirming transaction, when it is confirmed, which is when the name takes a numbered slot.
enum SignatureStore {
    /// How long a confirmation link works, and how many times one signature's link is sent.
    static let confirmLifetime: TimeInterval = 14 * 86_400
    static let maximumSends = 3
    /// Confirmation mails to one address for one petition in a day before further ones wait a
    /// day: someone typing a victim's address many times cannot flood their mailbox, and the
    /// victim is never refused for it (their own link comes, later).
    static let mailsPerAddressPerDay = 6

    enum Outcome: Sendable {
        /// A new pending signature, or one whose link is sent again: mail this token (`delayed`:
        /// the address has had `mailsPerAddressPerDay` links today, so this one goes in a day).
        case send(token: String, delayed: Bool = false)
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
            canonicalEmail: canonical, householdSlot: nil, postcode: s.postcode.text, areaCode: place.areaCode,
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
            let dayAgo = AccountStore.timestamp(now.addingTimeInterval(-86_400))
            let mailsToday = same.filter { $0.createdAt >= dayAgo }.reduce(0) { $0 + $1.confirmSends }
            let delayed = mailsToday >= mailsPerAddressPerDay
            let due = delayed ? now.addingTimeInterval(86_400) : now
            // Keys recomputed from the stored names, so rows stored before a change to `nameKey` still match.
            if let mine = same.first(where: { SignatureSubmission.nameKey($0.name) == s.nameKey }) {
                guard mine.state == "pending", mine.confirmSends < maximumSends else { return .nothingToSend }
                // The latest details are the ones the address's owner is asked to confirm: a
                // stranger's earlier submission in their name does not decide their postcode.
                try await sql.update("signatures").set("confirm_hash", to: SecretKey.digest(token))
                    .set("confirm_expires_at", to: expires).set("confirm_sends", to: mine.confirmSends + 1)
                    .set("name", to: s.name).set("postcode", to: s.postcode.text)
                    .set("area_code", to: place.areaCode).set("district_code", to: place.districtCode)
                    .set("in_area", to: place.inArea).set("reason", to: s.reason.rawValue)
                    .set("updates_consent", to: s.updatesConsent).set("privacy_version", to: PrivacyNotice.current.version)
                    .where("id", .equal, mine.id).run()
                try await Outbox.enqueue(outgoing, kind: "petition-confirm", now: now, due: due, on: tx)
                return .send(token: token, delayed: delayed)
            }
            if let refusal = HouseholdRule.refusal(existingPostcodes: countedPostcodes(same), newPostcode: s.postcode) {
                return .refused(refusal)
            }
            try await sql.insert(into: "signatures").model(first, with: PackStore.encoder).run()
            try await Outbox.enqueue(outgoing, kind: "petition-confirm", now: now, due: due, on: tx)
            return .send(token: token, delayed: delayed)
        }
    }

    /// The postcodes of an address's counted signatures, in the order they took their slots.
    static func countedPostcodes(_ rows: [SignatureRow]) -> [Postcode] {
        rows.filter(\.isCounted).sorted { ($0.householdSlot ?? 0, $0.createdAt) < ($1.householdSlot ?? 0, $1.createdAt) }
            .compactMap { Postcode($0.postcode) }
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

    enum Confirmation: Sendable, Equatable {
        case counted
        /// The household rule, on the address's counted signatures, refuses this name.
        case refused(String)
    }

    /// Confirms the signature, giving it the address's next household slot, and records any
    /// threshold the petition has now reached, in one transaction. Two names of one address
    /// confirmed at once meet the slot's unique index; the loser tries again and sees the winner.
    @discardableResult
    static func confirm(_ s: SignatureRow, scheme: PetitionScheme, now: Date, on db: any Database) async throws -> Confirmation {
        // A name can lose each of the household's slots to another before it is refused.
        try await Racing.attempt(tries: HouseholdRule.maximumNames + 2) {
            try await db.transaction { tx in
                let sql = PackStore.sql(tx)
                var slot: Int?
                if let canonical = s.canonicalEmail, let postcode = Postcode(s.postcode) {
                    let same = try await sql.select().column("*").from("signatures").where("petition_id", .equal, s.petitionId)
                        .where("canonical_email", .equal, canonical)
                        .all(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase)
                    if let refusal = HouseholdRule.refusal(existingPostcodes: countedPostcodes(same), newPostcode: postcode) {
                        return .refused(refusal)
                    }
                    slot = (same.compactMap(\.householdSlot).max() ?? 0) + 1
                }
                try await sql.update("signatures").set("state", to: "confirmed")
                    .set("confirmed_at", to: AccountStore.timestamp(now)).set("household_slot", to: slot)
                    .set("confirm_hash", to: SQLLiteral.null).set("confirm_expires_at", to: SQLLiteral.null)
                    .where("id", .equal, s.id).where("state", .equal, "pending").run()
                try await recordThresholds(petitionID: s.petitionId, scheme: scheme, now: now, on: tx)
                return .counted
            }
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
