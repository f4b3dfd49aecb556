import CentresCore
import Fluent
import Foundation
import SQLKit

struct ConsultationRow: Codable, Sendable {
    var id: String, proposalId: String?, title: String, purpose: String, whoIsConsulted: String
    var opensOn: String, closesOn: String, otherChannels: String, documents: String, questions: String, state: String
    var whatWeHeard: String?, whatWeDid: String?, revisedProposalId: String?
    var createdBy: String, createdAt: String, updatedAt: String

    /// The stored consultation, or nil if a column no longer reads (never written by this code).
    var core: Consultation? {
        guard let opens = SimpleDate(opensOn), let closes = SimpleDate(closesOn), let s = Consultation.State(rawValue: state),
            let docs = try? JSONDecoder().decode([Consultation.Document].self, from: Data(documents.utf8)),
            let qs = try? JSONDecoder().decode([ConsultationQuestion].self, from: Data(questions.utf8))
        else { return nil }
        var c = Consultation(
            id: id, proposalID: proposalId, title: title, purpose: purpose, whoIsConsulted: whoIsConsulted, opensOn: opens,
            closesOn: closes, otherChannels: otherChannels, documents: docs, questions: qs, state: s)
        (c.whatWeHeard, c.whatWeDid, c.revisedProposalID) = (whatWeHeard, whatWeDid, revisedProposalId)
        return c
    }
}

/// Consultations. Every change goes through here with its audit entry in the same transaction;
/// questions and documents are stored as JSON, because they are only ever read whole.
enum ConsultationStore {
    static func json(_ value: some Encodable) -> String {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return String(decoding: try! e.encode(value), as: UTF8.self)
    }

    static func row(_ id: String, on db: any Database) async throws -> ConsultationRow? {
        try await PackStore.sql(db).select().column("*").from("consultations").where("id", .equal, id)
            .first(decoding: ConsultationRow.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static func find(_ id: String, on db: any Database) async throws -> Consultation? {
        try await row(id, on: db)?.core
    }

    /// Newest first.
    static func all(on db: any Database) async throws -> [Consultation] {
        try await PackStore.sql(db).select().column("*").from("consultations").orderBy("created_at", .descending)
            .orderBy("id").all(decoding: ConsultationRow.self, keyDecodingStrategy: .convertFromSnakeCase).compactMap(\.core)
    }

    /// The audited view: every field a manager can change, as text.
    static func auditFields(_ c: Consultation) -> [String: String] {
        [
            "title": c.title, "purpose": c.purpose, "who_is_consulted": c.whoIsConsulted, "opens_on": c.opensOn.description,
            "closes_on": c.closesOn.description, "other_channels": c.otherChannels, "proposal_id": c.proposalID ?? "",
            "documents": c.documents.map { "\($0.title) | \($0.url)" }.joined(separator: "\n"),
            "questions": c.questions.enumerated().map { i, q in
                let d = QuestionDraft(q)
                let options = q.options.map { "\($0.label) (\($0.value))" }.joined(separator: "; ")
                return "\(i + 1). [\(q.id), \(d.kind)\(q.required ? ", required" : "")\(d.allowsOther ? ", other" : "")"
                    + "\(d.showIf.isEmpty ? "" : ", if \(d.showIf)")] \(q.text)\(options.isEmpty ? "" : " — \(options)")"
                    + (q.help.map { " — help: \($0)" } ?? "")
            }.joined(separator: "\n"),
            "state": c.state.rawValue, "what_we_heard": c.whatWeHeard ?? "", "what_we_did": c.whatWeDid ?? "",
            "revised_proposal_id": c.revisedProposalID ?? "",
        ]
    }
    static let auditOrder = [
        "title", "purpose", "who_is_consulted", "opens_on", "closes_on", "other_channels", "proposal_id", "documents",
        "questions", "state", "what_we_heard", "what_we_did", "revised_proposal_id",
    ]

    static func insert(_ c: Consultation, by actor: AuditActor, now: Date, on db: any Database) async throws {
        let stamp = AccountStore.timestamp(now)
        let row = ConsultationRow(
            id: c.id, proposalId: c.proposalID, title: c.title, purpose: c.purpose, whoIsConsulted: c.whoIsConsulted,
            opensOn: c.opensOn.description, closesOn: c.closesOn.description, otherChannels: c.otherChannels,
            documents: json(c.documents), questions: json(c.questions), state: c.state.rawValue, whatWeHeard: nil,
            whatWeDid: nil, revisedProposalId: nil, createdBy: actor.id ?? "", createdAt: stamp, updatedAt: stamp)
        try await db.transaction { tx in
            try await PackStore.sql(tx).insert(into: "consultations").model(row, with: PackStore.encoder).run()
            try await AuditLog.record(
                "consultation", c.id, action: "created", changes: AuditChange.diff([:], auditFields(c), order: auditOrder),
                by: actor, now: now, on: tx)
        }
    }

    /// Reads the stored consultation, applies `change` and writes every column back with the
    /// audit entry, in one transaction. `change` throws to refuse (nothing is written).
    @discardableResult
    static func update(
        _ id: String, action: String, by actor: AuditActor, now: Date, on db: any Database,
        _ change: @escaping @Sendable (Consultation) throws -> Consultation
    ) async throws -> Consultation {
        try await db.transaction { tx in
            guard let before = try await find(id, on: tx) else { throw WebError.notFound(what: "consultation", id: id) }
            let after = try change(before)
            let changes = AuditChange.diff(auditFields(before), auditFields(after), order: auditOrder)
            guard !changes.isEmpty else { return after }
            try await PackStore.sql(tx).update("consultations").set("proposal_id", to: after.proposalID)
                .set("title", to: after.title).set("purpose", to: after.purpose)
                .set("who_is_consulted", to: after.whoIsConsulted).set("opens_on", to: after.opensOn.description)
                .set("closes_on", to: after.closesOn.description).set("other_channels", to: after.otherChannels)
                .set("documents", to: json(after.documents)).set("questions", to: json(after.questions))
                .set("state", to: after.state.rawValue).set("what_we_heard", to: after.whatWeHeard)
                .set("what_we_did", to: after.whatWeDid).set("revised_proposal_id", to: after.revisedProposalID)
                .set("updated_at", to: AccountStore.timestamp(now)).where("id", .equal, id).run()
            try await AuditLog.record("consultation", id, action: action, changes: changes, by: actor, now: now, on: tx)
            return after
        }
    }
}
