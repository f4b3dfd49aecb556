import CentresCore
import Fluent
import Foundation
import SQLKit

/// Rows of returned paper sheets, entered by staff and checked like online signatures: an
/// accepted row counts; a row for someone who has already signed (online or on paper) is kept as
/// a duplicate, and a row that cannot count as written is kept as invalid, both with why, for the
/// submission pack's report.
enum PaperEntry {
    struct Row: Sendable {
        var sheet: Int, row: Int, name: String, address: String, postcode: String, email: String, reason: String
    }

    enum Outcome: Sendable, Equatable {
        case accepted
        case duplicate(String)
        case invalid(String)
    }

    /// Problems that the person entering should correct (or confirm as written), by field.
    static func problems(_ r: Row, scheme: PetitionScheme) -> [(field: String, message: String)] {
        var found: [(String, String)] = []
        if let p = SignatoryRules.nameProblem(r.name) { found.append(("name", p)) }
        if r.address.count > 500 { found.append(("address", "keep the address under 500 characters")) }
        if Postcode(r.postcode) == nil { found.append(("postcode", "'\(r.postcode)' is not a UK postcode")) }
        if !r.email.isEmpty, let p = Credentials.emailProblem(Credentials.normalisedEmail(r.email)) { found.append(("email", p)) }
        if EligibilityReason(rawValue: r.reason).map({ !scheme.reasons.contains($0) }) ?? true {
            found.append(("reason", "choose the reason written on the sheet"))
        }
        return found
    }

    /// Stores the row: accepted, duplicate or (when `asWritten` and it has problems) invalid.
    /// Throws `WebError.badRequest` when the sheet's row was entered already.
    static func enter(
        _ r: Row, petitionID: String, scheme: PetitionScheme, place: SignaturePlace?, asWrittenProblems: [String], now: Date,
        on db: any Database
    ) async throws -> Outcome {
        try await db.transaction { tx in
            let sql = PackStore.sql(tx)
            if try await sql.select().column("id").from("signatures").where("petition_id", .equal, petitionID)
                .where("sheet_number", .equal, r.sheet).where("sheet_row", .equal, r.row).first() != nil
            {
                throw WebError.badRequest(field: "row", message: "row \(r.row) of sheet \(r.sheet) has been entered already")
            }
            let email = Credentials.normalisedEmail(r.email)
            let canonical = email.isEmpty ? nil : SignatoryRules.canonicalEmail(email)
            let nameKey = SignatureSubmission.nameKey(r.name)
            let code = Postcode(r.postcode)
            var outcome: Outcome = .accepted
            if !asWrittenProblems.isEmpty {
                outcome = .invalid(asWrittenProblems.joined(separator: "; "))
            } else if let reason = EligibilityReason(rawValue: r.reason),
                let refusal = scheme.refusal(reason: reason, postcodeInArea: place?.inArea ?? false)
            {
                outcome = .invalid(refusal)
            } else {
                let others = try await sql.select().column("*").from("signatures").where("petition_id", .equal, petitionID)
                    .where("name_key", .equal, nameKey)
                    .all(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase).filter(\.isLive)
                let same = others.first { o in
                    (canonical != nil && o.canonicalEmail == canonical) || (code != nil && o.postcode == code!.text)
                }
                if let same {
                    outcome = .duplicate(
                        same.channel == "paper"
                            ? "the same person as sheet \(same.sheetNumber ?? 0) row \(same.sheetRow ?? 0)"
                            : "the same person signed online")
                }
            }
            let state: String, why: String?
            switch outcome {
            case .accepted: (state, why) = ("accepted", nil)
            case .duplicate(let w): (state, why) = ("duplicate", w)
            case .invalid(let w): (state, why) = ("invalid", w)
            }
            var row = SignatureRow(
                id: UUID().uuidString.lowercased(), petitionId: petitionID, name: r.name, nameKey: nameKey,
                email: email.isEmpty ? nil : email, canonicalEmail: outcome == .accepted ? canonical : nil, householdSlot: nil,
                postcode: code?.text ?? r.postcode, areaCode: place?.areaCode, districtCode: place?.districtCode,
                inArea: place?.inArea ?? false, reason: r.reason, privacyVersion: PrivacyNotice.current.version,
                updatesConsent: false, channel: "paper", state: state, confirmHash: nil, confirmExpiresAt: nil, confirmSends: 0,
                clientAddress: nil, emailDomain: canonical?.split(separator: "@").last.map(String.init),
                createdAt: AccountStore.timestamp(now), confirmedAt: outcome == .accepted ? AccountStore.timestamp(now) : nil,
                invalidatedAt: outcome == .accepted ? nil : AccountStore.timestamp(now), invalidationReason: why)
            (row.sheetNumber, row.sheetRow, row.address) = (r.sheet, r.row, r.address.isEmpty ? nil : r.address)
            try await sql.insert(into: "signatures").model(row, with: PackStore.encoder).run()
            if outcome == .accepted {
                try await SignatureStore.recordThresholds(petitionID: petitionID, scheme: scheme, now: now, on: tx)
            }
            return outcome
        }
    }

    /// The rows entered from one sheet, in row order.
    static func rows(petitionID: String, sheet: Int, on db: any Database) async throws -> [SignatureRow] {
        try await PackStore.sql(db).select().column("*").from("signatures").where("petition_id", .equal, petitionID)
            .where("sheet_number", .equal, sheet).orderBy("sheet_row")
            .all(decoding: SignatureRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
