import CentresCore
import Fluent
import Foundation
import SQLKit

struct PetitionRow: Codable, Sendable {
    var id: String, title: String, action: String, background: String, addressedTo: String, closesOn: String
    var proposalId: String?, schemeId: String, organisationId: String?, state: String, rejectionReason: String?
    var createdBy: String, createdAt: String, updatedAt: String, openedAt: String?, closedAt: String?
    var returnAddress: String?

    var core: Petition? {
        guard let closes = SimpleDate(closesOn), let s = PetitionState(rawValue: state) else { return nil }
        return Petition(
            id: id, title: title, action: action, background: background, addressedTo: addressedTo, closesOn: closes,
            proposalID: proposalId, schemeID: schemeId, organisationID: organisationId, state: s,
            rejectionReason: rejectionReason, returnAddress: returnAddress)
    }
}

struct PetitionSchemeRow: Codable, Sendable {
    var id: String, name: String, acceptanceThreshold: Int, debateThreshold: Int, eligibilityStatement: String
    var reasons: String, outsideArea: String

    init(_ s: PetitionScheme) {
        (id, name, acceptanceThreshold, debateThreshold) = (s.id, s.name, s.acceptanceThreshold, s.debateThreshold)
        (eligibilityStatement, reasons, outsideArea) = (
            s.eligibilityStatement, s.reasons.map(\.rawValue).joined(separator: ";"), s.outsideArea.rawValue
        )
    }

    var core: PetitionScheme {
        PetitionScheme(
            id: id, name: name, acceptanceThreshold: acceptanceThreshold, debateThreshold: debateThreshold,
            eligibilityStatement: eligibilityStatement,
            reasons: reasons.split(separator: ";").compactMap { EligibilityReason(rawValue: String($0)) },
            outsideArea: OutsideAreaRule(rawValue: outsideArea) ?? .refuse)
    }
}

/// Petitions and their schemes. Every change of state goes through `transition`, which applies
/// the core state machine and writes the audit entry in the same transaction.
enum PetitionStore {
    static func saveScheme(_ s: PetitionScheme, on db: any Database) async throws {
        let sql = PackStore.sql(db)
        try await sql.delete(from: "petition_schemes").where("id", .equal, s.id).run()
        try await sql.insert(into: "petition_schemes").model(PetitionSchemeRow(s), with: PackStore.encoder).run()
    }

    static func schemes(on db: any Database) async throws -> [PetitionScheme] {
        try await PackStore.sql(db).select().column("*").from("petition_schemes").orderBy("name")
            .all(decoding: PetitionSchemeRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.core)
    }

    static func scheme(_ id: String, on db: any Database) async throws -> PetitionScheme? {
        try await schemes(on: db).first { $0.id == id }
    }

    static func row(_ id: String, on db: any Database) async throws -> PetitionRow? {
        try await PackStore.sql(db).select().column("*").from("petitions").where("id", .equal, id)
            .first(decoding: PetitionRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Petitions, newest first: of one organisation, in some states, or all.
    static func list(organisationID: String? = nil, states: [PetitionState]? = nil, on db: any Database) async throws
        -> [PetitionRow]
    {
        var q = PackStore.sql(db).select().column("*").from("petitions")
        if let organisationID { q = q.where("organisation_id", .equal, organisationID) }
        if let states { q = q.where("state", .in, states.map(\.rawValue)) }
        return try await q.orderBy("created_at", .descending).orderBy("id")
            .all(decoding: PetitionRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The audited view: each field the organiser or a moderator can change, as text.
    static func auditFields(_ p: Petition) -> [String: String] {
        [
            "title": p.title, "action": p.action, "background": p.background, "addressed_to": p.addressedTo,
            "closes_on": p.closesOn.description, "proposal_id": p.proposalID ?? "", "scheme_id": p.schemeID,
            "state": p.state.rawValue, "rejection_reason": p.rejectionReason ?? "", "return_address": p.returnAddress ?? "",
        ]
    }
    static let auditOrder = [
        "title", "action", "background", "addressed_to", "closes_on", "proposal_id", "scheme_id", "state", "rejection_reason",
        "return_address",
    ]

    static func insert(_ p: Petition, createdBy: String, now: Date, on db: any Database) async throws {
        let stamp = AccountStore.timestamp(now)
        let row = PetitionRow(
            id: p.id, title: p.title, action: p.action, background: p.background, addressedTo: p.addressedTo,
            closesOn: p.closesOn.description, proposalId: p.proposalID, schemeId: p.schemeID, organisationId: p.organisationID,
            state: p.state.rawValue, rejectionReason: p.rejectionReason, createdBy: createdBy, createdAt: stamp,
            updatedAt: stamp, openedAt: nil, closedAt: nil, returnAddress: p.returnAddress)
        try await PackStore.sql(db).insert(into: "petitions").model(row, with: PackStore.encoder).run()
    }

    /// Writes the organiser's fields (state and history columns are `transition`'s).
    static func updateText(_ p: Petition, now: Date, on db: any Database) async throws {
        try await PackStore.sql(db).update("petitions").set("title", to: p.title).set("action", to: p.action)
            .set("background", to: p.background).set("addressed_to", to: p.addressedTo)
            .set("closes_on", to: p.closesOn.description).set("proposal_id", to: p.proposalID).set("scheme_id", to: p.schemeID)
            .set("return_address", to: p.returnAddress)
            .set("updated_at", to: AccountStore.timestamp(now)).where("id", .equal, p.id).run()
    }

    /// Applies `action` to the stored petition and records it, in one transaction. Throws the
    /// state machine's refusal unchanged.
    @discardableResult
    static func transition(_ id: String, _ action: PetitionAction, by actor: AuditActor, now: Date, on db: any Database)
        async throws -> Petition
    {
        try await db.transaction { tx in
            guard let row = try await row(id, on: tx), let before = row.core else {
                throw WebError.notFound(what: "petition", id: id)
            }
            var after = before
            after.state = try before.state.applying(action)
            if case .reject(let reason) = action {
                after.rejectionReason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let stamp = AccountStore.timestamp(now)
            var q = PackStore.sql(tx).update("petitions").set("state", to: after.state.rawValue)
                .set("rejection_reason", to: after.rejectionReason).set("updated_at", to: stamp)
            if action == .approve { q = q.set("opened_at", to: stamp) }
            if action == .close { q = q.set("closed_at", to: stamp) }
            try await q.where("id", .equal, id).run()
            try await AuditLog.record(
                "petition", id, action: action.name,
                changes: AuditChange.diff(auditFields(before), auditFields(after), order: auditOrder), by: actor, now: now,
                on: tx)
            return after
        }
    }

    /// Closes every open petition whose closing date is before `today` (run hourly by `serve`,
    /// and the pages read the state on the day, so a late run changes nothing anyone sees).
    @discardableResult
    static func closeDue(today: SimpleDate, now: Date, on db: any Database) async throws -> Int {
        let due = try await list(states: [.open], on: db).filter { ($0.core?.closesOn).map { $0 < today } ?? false }
        for p in due {
            try await transition(p.id, .close, by: AuditActor(id: nil, email: "the closing date"), now: now, on: db)
        }
        return due.count
    }
}
