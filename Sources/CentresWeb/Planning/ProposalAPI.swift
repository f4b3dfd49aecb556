import CentresCore
import Planning
import Vapor

struct ProposalRefDTO: Content {
    var id: String
    var title: String
    var version: Int
}

struct ProposalListItemDTO: Content {
    var id: String
    var title: String
    var author: String
    var organisation: String?
    var version: Int
    var revises: String?
    var status: String
    var publishedOn: String?
    var decidedOn: String?
    var origin: String
}

struct ProposalDTO: Content {
    struct Decision: Content {
        var centreId: String
        var decision: String
        var reason: String?
        var amalgamatedWith: String?
        var sessionsMoveTo: String?
    }
    struct Outreach: Content {
        var venueId: String
        var reason: String?
    }
    struct BudgetLine: Content {
        var id: String
        var name: String
        var currentGBP: Int
        var proposedGBP: Int
    }
    var id: String, title: String, author: String, organisation: String?, version: Int, revises: String?
    var changeNote: String?, status: String, publishedOn: String?, consultationOpens: String?, consultationCloses: String?
    var decidedOn: String?, summary: String, sources: [String], origin: String
    var decisions: [Decision], outreachVenues: [Outreach], budget: [BudgetLine]

    init(_ p: Proposal, origin: ProposalOrigin) {
        (id, title, author, organisation, version, revises) = (p.id, p.title, p.author, p.organisation, p.version, p.revises)
        (changeNote, status, publishedOn) = (p.changeNote, p.status.rawValue, p.publishedOn?.description)
        (consultationOpens, consultationCloses) = (p.consultationOpens?.description, p.consultationCloses?.description)
        (decidedOn, summary, sources, self.origin) = (p.decidedOn?.description, p.summary, p.sourceIDs, origin.rawValue)
        decisions = p.decisions.map {
            Decision(
                centreId: $0.centreID, decision: $0.decision.rawValue, reason: $0.reason, amalgamatedWith: $0.amalgamatedWith,
                sessionsMoveTo: $0.sessionsMoveTo)
        }
        outreachVenues = p.outreachVenues.map { Outreach(venueId: $0.venueID, reason: $0.reason) }
        budget = p.budget.map { BudgetLine(id: $0.id, name: $0.name, currentGBP: $0.currentGBP, proposedGBP: $0.proposedGBP) }
    }
}

struct AssessmentDTO: Content {
    var proposal: ProposalRefDTO
    var baseline: ProposalRefDTO?
    var isEstimate: Bool
    /// Problems with the proposal against today's pack (parts left out of the figures).
    var problems: [String]
    var assessment: Assessment
}

extension ProposalController {
    func registerAPI(_ app: Application) {
        app.get(SiteURL.api(.proposals).pathComponents) { req in
            let items = try await ProposalStore.list(on: req.db).map {
                ProposalListItemDTO(
                    id: $0.id, title: $0.title, author: $0.author, organisation: $0.organisation, version: $0.version,
                    revises: $0.revises, status: $0.status, publishedOn: $0.publishedOn, decidedOn: $0.decidedOn,
                    origin: $0.origin)
            }
            return try DirectoryService.page(req, items)
        }
        app.get(SiteURL.api(.proposal(":id")).pathComponents) { req in
            let (p, origin) = try await ProposalAssessments(db: req.db).proposal(req.parameters.get("id")!)
            return ProposalDTO(p, origin: origin)
        }
        app.get(SiteURL.api(.assessment(":id")).pathComponents) { req in
            let (a, _) = try await Self.assessment(req)
            func ref(_ p: Proposal) -> ProposalRefDTO { ProposalRefDTO(id: p.id, title: p.title, version: p.version) }
            return AssessmentDTO(
                proposal: ref(a.proposal), baseline: a.baseline.map(ref), isEstimate: a.assessment.inputs.method.isEstimate,
                problems: a.problems.map(\.description), assessment: a.assessment)
        }
    }
}
