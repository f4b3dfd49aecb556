import CentresCore
import Fluent
import Foundation
import SQLKit

/// Where a stored proposal came from: shipped in the pack (replaced with it), imported by an
/// operator (`centres proposal import`), or made on the web (unlisted, and editable with its
/// secret key or by planners of the organisation that owns it).
enum ProposalOrigin: String, Codable, Sendable {
    case pack, user, web

    /// Shown in lists and menus: the pack's and operators' proposals, not unlisted web drafts.
    var isListed: Bool { self != .web }
}

/// A stored proposal's header row.
struct ProposalRow: Codable, Sendable {
    var id: String, title: String, author: String, organisation: String?, version: Int, revises: String?
    var changeNote: String?, status: String, publishedOn: String?, consultationOpens: String?
    var consultationCloses: String?, decidedOn: String?, summary: String, sourceIds: String, origin: String
    var updatedAt: String, editKeyHash: String?, ownerOrganisationId: String?

    init(_ p: Proposal, origin: ProposalOrigin, updatedAt: String, editKeyHash: String? = nil, owner: String? = nil) {
        ownerOrganisationId = owner
        (id, title, author, organisation, version, revises) = (p.id, p.title, p.author, p.organisation, p.version, p.revises)
        (changeNote, status, publishedOn) = (p.changeNote, p.status.rawValue, p.publishedOn?.description)
        (consultationOpens, consultationCloses) = (p.consultationOpens?.description, p.consultationCloses?.description)
        (decidedOn, summary, sourceIds) = (p.decidedOn?.description, p.summary, p.sourceIDs.joined(separator: " "))
        (self.origin, self.updatedAt, self.editKeyHash) = (origin.rawValue, updatedAt, editKeyHash)
    }

    func core(decisions: [CentreDecisionEntry], outreach: [OutreachVenue], budget: [ProposalBudgetLine]) -> Proposal {
        Proposal(
            id: id, title: title, author: author, organisation: organisation, version: version, revises: revises,
            changeNote: changeNote, status: ProposalStatus(rawValue: status) ?? .draft,
            publishedOn: publishedOn.flatMap(SimpleDate.init),
            consultationOpens: consultationOpens.flatMap(SimpleDate.init),
            consultationCloses: consultationCloses.flatMap(SimpleDate.init), decidedOn: decidedOn.flatMap(SimpleDate.init),
            summary: summary, decisions: decisions, outreachVenues: outreach, budget: budget,
            sourceIDs: sourceIds.split(separator: " ").map(String.init))
    }
}

struct ProposalDecisionRow: Codable, Sendable {
    var proposalId: String, position: Int, centreId: String, decision: String, reason: String?
    var amalgamatedWith: String?, sessionsMoveTo: String?

    init(_ d: CentreDecisionEntry, proposal: String, position: Int) {
        (proposalId, self.position, centreId, decision) = (proposal, position, d.centreID, d.decision.rawValue)
        (reason, amalgamatedWith, sessionsMoveTo) = (d.reason, d.amalgamatedWith, d.sessionsMoveTo)
    }

    var core: CentreDecisionEntry {
        CentreDecisionEntry(
            centreID: centreId, decision: CentreDecision(rawValue: decision) ?? .unknown, reason: reason,
            amalgamatedWith: amalgamatedWith, sessionsMoveTo: sessionsMoveTo)
    }
}

struct ProposalOutreachRow: Codable, Sendable {
    var proposalId: String, position: Int, venueId: String, reason: String?
    init(_ o: OutreachVenue, proposal: String, position: Int) {
        (proposalId, self.position, venueId, reason) = (proposal, position, o.venueID, o.reason)
    }
    var core: OutreachVenue { OutreachVenue(venueID: venueId, reason: reason) }
}

struct ProposalBudgetRow: Codable, Sendable {
    var proposalId: String, position: Int, lineId: String, name: String, currentGbp: Int, proposedGbp: Int
    init(_ b: ProposalBudgetLine, proposal: String, position: Int) {
        (proposalId, self.position, lineId, name) = (proposal, position, b.id, b.name)
        (currentGbp, proposedGbp) = (b.currentGBP, b.proposedGBP)
    }
    var core: ProposalBudgetLine { ProposalBudgetLine(id: lineId, name: name, currentGBP: currentGbp, proposedGBP: proposedGbp) }
}

/// A proposal as listed: enough to link to it and say what it is.
struct ProposalSummary: Codable, Sendable {
    var id: String, title: String, author: String, organisation: String?, version: Int, revises: String?
    var status: String, publishedOn: String?, decidedOn: String?, origin: String, updatedAt: String
}

/// Reads and writes proposals; a save replaces the proposal's parts in one transaction.
enum ProposalStore {
    static let childTables = ["proposal_budget", "proposal_outreach", "proposal_decisions"]

    /// Shipped proposals first, then users'; each by date (published, else decided; undated first), version and id.
    /// The listed proposals as a form's choices (a petition or consultation names the one it is about).
    static func choices(on db: any Database) async throws -> [(value: String, label: String)] {
        try await list(on: db).map { (value: $0.id, label: $0.title) }
    }

    static func list(on db: any Database, origin: ProposalOrigin? = nil, listedOnly: Bool = true) async throws
        -> [ProposalSummary]
    {
        var q = PackStore.sql(db).select()
            .columns("id", "title", "author", "organisation", "version", "revises", "status", "published_on", "decided_on")
            .columns("origin", "updated_at").from("proposals")
        if let origin { q = q.where("origin", .equal, origin.rawValue) }
        if listedOnly { q = q.where("origin", .notEqual, ProposalOrigin.web.rawValue) }
        return try await q.orderBy("origin").orderBy(
            SQLFunction("COALESCE", args: SQLIdentifier("published_on"), SQLIdentifier("decided_on"), SQLLiteral.string(""))
        )
        .orderBy("version").orderBy("id")
        .all(decoding: ProposalSummary.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static func find(_ id: String, on db: any Database) async throws -> (proposal: Proposal, origin: ProposalOrigin)? {
        try await load([id], on: db).first
    }

    /// Every stored proposal with its parts, in list order.
    static func all(on db: any Database, origin: ProposalOrigin? = nil, listedOnly: Bool = true) async throws -> [Proposal] {
        try await load(list(on: db, origin: origin, listedOnly: listedOnly).map(\.id), on: db).map(\.proposal)
    }

    /// The proposals `ids` names, in that order, in four queries however many there are.
    static func load(_ ids: [String], on db: any Database) async throws -> [(proposal: Proposal, origin: ProposalOrigin)] {
        guard !ids.isEmpty else { return [] }
        let sql = PackStore.sql(db)
        func rows<R: Decodable>(_ table: String, _ column: String, _ type: R.Type) async throws -> [R] {
            try await sql.select().column("*").from(table).where(SQLIdentifier(column), .in, SQLBind.group(ids))
                .orderBy(table == "proposals" ? "id" : "position")
                .all(decoding: R.self, keyDecodingStrategy: .convertFromSnakeCase)
        }
        let headers = Dictionary(
            try await rows("proposals", "id", ProposalRow.self).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let decisions = Dictionary(
            grouping: try await rows("proposal_decisions", "proposal_id", ProposalDecisionRow.self), by: \.proposalId)
        let outreach = Dictionary(
            grouping: try await rows("proposal_outreach", "proposal_id", ProposalOutreachRow.self), by: \.proposalId)
        let budget = Dictionary(
            grouping: try await rows("proposal_budget", "proposal_id", ProposalBudgetRow.self), by: \.proposalId)
        return ids.compactMap { id in
            headers[id].map { row in
                let p = row.core(
                    decisions: (decisions[id] ?? []).map(\.core), outreach: (outreach[id] ?? []).map(\.core),
                    budget: (budget[id] ?? []).map(\.core))
                return (p, ProposalOrigin(rawValue: row.origin) ?? .user)
            }
        }
    }

    static func exists(_ id: String, on db: any Database) async throws -> Bool {
        try await PackStore.sql(db).select().column("id").from("proposals").where("id", .equal, id).first() != nil
    }

    /// Who may edit a web proposal: the digest of its editing key and its owning organisation.
    struct Access: Decodable, Sendable {
        var editKeyHash: String?
        var ownerOrganisationId: String?
    }

    static func access(_ id: String, on db: any Database) async throws -> Access? {
        try await PackStore.sql(db).select().columns("edit_key_hash", "owner_organisation_id").from("proposals")
            .where("id", .equal, id).first(decoding: Access.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Inserts or replaces `p` with its parts. Call inside a transaction.
    static func save(
        _ p: Proposal, origin: ProposalOrigin, updatedAt: String, editKeyHash: String? = nil, owner: String? = nil,
        on sql: any SQLDatabase
    ) async throws {
        try await delete(p.id, on: sql)
        try await sql.insert(into: "proposals")
            .model(
                ProposalRow(p, origin: origin, updatedAt: updatedAt, editKeyHash: editKeyHash, owner: owner),
                with: PackStore.encoder
            )
            .run()
        try await PackStore.insert(
            p.decisions.enumerated().map { ProposalDecisionRow($1, proposal: p.id, position: $0) }, into: "proposal_decisions",
            on: sql)
        try await PackStore.insert(
            p.outreachVenues.enumerated().map { ProposalOutreachRow($1, proposal: p.id, position: $0) },
            into: "proposal_outreach", on: sql)
        try await PackStore.insert(
            p.budget.enumerated().map { ProposalBudgetRow($1, proposal: p.id, position: $0) }, into: "proposal_budget", on: sql)
    }

    static func delete(_ id: String, on sql: any SQLDatabase) async throws {
        for table in childTables { try await sql.delete(from: table).where("proposal_id", .equal, id).run() }
        try await sql.delete(from: "proposals").where("id", .equal, id).run()
    }

    /// Removes the pack's proposals (before a pack replaces them); users' proposals stay.
    static func deletePackProposals(on sql: any SQLDatabase) async throws {
        let ids = try await sql.select().column("id").from("proposals").where("origin", .equal, ProposalOrigin.pack.rawValue)
            .all(decodingColumn: "id", as: String.self)
        for id in ids { try await delete(id, on: sql) }
    }
}
