import CentresCore
import Foundation
import Vapor

/// Moderators approve petitions (they open for signatures) or reject them with a reason the
/// organiser sees. Every decision is in the audit log.
struct ModerationController {
    static let moderate = StaffAccess(capability: .moderate)

    func register(_ app: Application) {
        app.staff(.GET, SiteURL.staffModeration.pathComponents, Self.moderate, use: queue)
        app.staff(.GET, SiteURL.staffModerationPetition(":id").pathComponents, Self.moderate, use: petition)
        app.staff(.POST, SiteURL.staffModerationPetition(":id").pathComponents, Self.moderate, use: decide)
    }

    struct Row: Encodable { var href: String, title: String, organisation: String, closesOn: String, updatedAt: String }
    struct QueuePage: Encodable {
        var title = "Petitions waiting for a moderator"
        var rows: [Row]
    }

    @Sendable func queue(_ req: Request) async throws -> Response {
        let orgs = try await AccountAdmin.organisationNames(on: req.db)
        let rows = try await PetitionStore.list(states: [.awaitingModeration], on: req.db).map { r in
            Row(
                href: SiteURL.staffModerationPetition(r.id).path, title: r.title,
                organisation: r.organisationId.flatMap { orgs[$0] } ?? "none", closesOn: r.closesOn, updatedAt: r.updatedAt)
        }
        return try await req.view.render("staff-moderation", QueuePage(rows: rows)).encodeResponse(for: req)
    }

    struct PetitionPage: Encodable {
        var title: String
        var csrf: String
        var petition: Petition
        var state: String
        var closesOn: String
        var scheme: String
        var organisation: String
        var canDecide: Bool
        var action: String
        var error: String?
        var reason: String
    }

    private func show(_ req: Request, error: String? = nil, reason: String = "", status: HTTPStatus = .ok) async throws
        -> Response
    {
        let id = req.parameters.get("id") ?? ""
        guard let row = try await PetitionStore.row(id, on: req.db), let p = row.core else {
            throw WebError.notFound(what: "petition", id: id)
        }
        guard p.state != .draft else { throw WebError.notFound(what: "petition sent for moderation", id: id) }
        let orgs = try await AccountAdmin.organisationNames(on: req.db)
        let page = PetitionPage(
            title: "Moderate: \(p.title)", csrf: CSRF.token(req), petition: p, state: p.state(on: SimpleDate.today()).label,
            closesOn: p.closesOn.longText, scheme: try await PetitionStore.scheme(p.schemeID, on: req.db)?.name ?? p.schemeID,
            organisation: p.organisationID.flatMap { orgs[$0] } ?? "none", canDecide: p.state == .awaitingModeration,
            action: SiteURL.staffModerationPetition(p.id).path, error: error, reason: reason)
        return try await CSRF.render(req, "staff-moderation-petition", page, token: page.csrf, status: status)
    }

    @Sendable func petition(_ req: Request) async throws -> Response { try await show(req) }

    @Sendable func decide(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let id = req.parameters.get("id") ?? ""
        let reason = (form["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let action: PetitionAction
        switch form["decision"] {
        case "approve":
            guard let p = try await PetitionStore.row(id, on: req.db)?.core else {
                throw WebError.notFound(what: "petition", id: id)
            }
            if let problem = p.problems(today: SimpleDate.today()).first {
                return try await show(req, error: "It cannot open: \(problem.message).", status: .badRequest)
            }
            action = .approve
        case "reject":
            guard reason.count <= 2_000 else {
                return try await show(req, error: "Keep the reason under 2,000 characters.", status: .badRequest)
            }
            action = .reject(reason: reason)
        default: throw WebError.badRequest(field: "decision", message: "must be approve or reject")
        }
        do {
            try await PetitionStore.transition(id, action, by: AuditActor(req.staff!), now: Date(), on: req.db)
            await req.application.petitionCache.forget(id)
        } catch let e as PetitionTransitionError {
            return try await show(req, error: e.message.asSentence, reason: reason, status: .conflict)
        }
        return req.redirect(to: SiteURL.staffModeration.path, redirectType: .normal)
    }
}
