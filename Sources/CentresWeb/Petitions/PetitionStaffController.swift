import CentresCore
import Fluent
import Foundation
import Vapor

/// Petition organisers draft their organisation's petitions and send them to the moderators;
/// a petition belongs to the organisation of the member who drafted it, and only that
/// organisation's organisers can see or change it here.
struct PetitionStaffController {
    static let organise = StaffAccess(capability: .organisePetitions)

    func register(_ app: Application) {
        app.staff(.GET, SiteURL.staffPetitions.pathComponents, Self.organise, use: list)
        app.staff(.GET, SiteURL.staffPetitionNew.pathComponents, Self.organise, use: newForm)
        app.staff(.POST, SiteURL.staffPetitionNew.pathComponents, Self.organise, use: create)
        app.staff(.GET, SiteURL.staffPetition(":id").pathComponents, Self.organise, use: editForm)
        app.staff(.POST, SiteURL.staffPetition(":id").pathComponents, Self.organise, use: save)
        app.staff(.POST, SiteURL.staffPetitionState(":id").pathComponents, Self.organise, use: changeState)
    }

    static func fields(_ db: any Database) async throws -> [EditField] {
        let proposals = try await ProposalStore.choices(on: db)
        let schemes = try await PetitionStore.schemes(on: db).map { (value: $0.id, label: $0.name) }
        return [
            EditField(column: "title", label: "Title", input: .text, required: true),
            EditField(
                column: "action", label: "What the petition asks for", input: .textarea, required: true,
                hint: "One or two sentences: what you want the council to do."),
            EditField(column: "background", label: "Background", input: .textarea, required: true),
            EditField(column: "addressed_to", label: "Addressed to", input: .text, required: true),
            EditField(column: "closes_on", label: "Closing date", input: .date, required: true, hint: "At most a year ahead"),
            EditField(column: "proposal_id", label: "The proposal it answers (optional)", input: .select(proposals)),
            EditField(column: "scheme_id", label: "Petition scheme", input: .select(schemes), required: true),
            EditField(
                column: "return_address", label: "Where paper sheets go back to", input: .textarea,
                hint: "Printed on every paper sheet. Needed before sheets can be printed."),
        ]
    }

    struct ListRow: Encodable { var href: String, title: String, state: String, closesOn: String }
    struct ListPage: Encodable {
        var title = "Your organisation's petitions"
        var rows: [ListRow]
        var hasOrganisation: Bool
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let me = req.staff!
        let today = SimpleDate.today()
        let rows = try await me.organisationId.asyncMap { org in
            try await PetitionStore.list(organisationID: org, on: req.db).compactMap { r in
                r.core.map {
                    ListRow(
                        href: SiteURL.staffPetition($0.id).path, title: $0.title, state: $0.state(on: today).label,
                        closesOn: $0.closesOn.longText)
                }
            }
        }
        let page = ListPage(rows: rows ?? [], hasOrganisation: me.organisationId != nil)
        return try await req.view.render("staff-petitions", page).encodeResponse(for: req)
    }

    struct FormPage: Encodable {
        var title: String
        var csrf: String
        var action: String
        var isNew: Bool
        var editable: Bool
        var state: String?
        var rejectionReason: String?
        var fields: [FieldView]
        var errors: [FieldError]
        var stateAction: String?
        var actions: [StateButton]
        var history: [AuditEntryView]
        var auditCSV: String?
        /// Paper sheets: offered once the petition is open.
        var sheetsAction: String?
        var returnAddress: String
        var sheetsIssued: Int
        var sheetLinks: [PageLink]
        var submissionHref: String?
    }

    struct StateButton: Encodable { var value: String, label: String }

    private func render(
        _ req: Request, petition: Petition?, values: [String: String], errors: [FieldError], status: HTTPStatus = .ok
    ) async throws -> Response {
        let fields = try await Self.fields(req.db)
        let editable = petition.map { $0.state == .draft } ?? true
        let buttons: [StateButton] =
            switch petition?.state {
            case .draft: [StateButton(value: "submit", label: "Send to the moderators")]
            case .awaitingModeration: [StateButton(value: "withdraw", label: "Take it back to edit")]
            case .rejected: [StateButton(value: "revise", label: "Mend it (back to a draft)")]
            default: []
            }
        let history =
            try await petition.asyncMap {
                try await AuditLog.entries(recordType: "petition", recordID: $0.id, limit: 100, on: req.db).map(
                    AuditEntryView.init)
            } ?? []
        let issued = try await petition.asyncMap { try await PaperSheetController.issued($0.id, on: req.db) } ?? []
        let page = FormPage(
            title: petition.map { "Petition: \($0.title)" } ?? "New petition", csrf: CSRF.token(req),
            action: petition.map { SiteURL.staffPetition($0.id).path } ?? SiteURL.staffPetitionNew.path, isNew: petition == nil,
            editable: editable, state: petition.map { $0.state(on: SimpleDate.today()).label },
            rejectionReason: petition?.state == .rejected ? petition?.rejectionReason : nil,
            fields: fields.map { FieldView($0, value: values[$0.column] ?? "", errors: errors) }, errors: errors,
            stateAction: petition.map { SiteURL.staffPetitionState($0.id).path }, actions: buttons, history: history,
            auditCSV: petition.flatMap { p in
                req.staff!.can(.readAudit) ? SiteURL.staffAuditCSV(type: "petition", id: p.id).path : nil
            },
            sheetsAction: petition.flatMap {
                $0.state(on: SimpleDate.today()) == .open ? SiteURL.staffPetitionSheets($0.id).path : nil
            },
            returnAddress: petition?.returnAddress ?? "",
            sheetsIssued: issued.count,
            sheetLinks: petition.map { p in
                issued.map {
                    PageLink(label: String($0), href: SiteURL.staffPetitionSheet(p.id, String($0)).path, current: false)
                }
            } ?? [],
            submissionHref: petition.flatMap { $0.state.isPublic ? SiteURL.staffPetitionSubmission($0.id).path : nil })
        return try await CSRF.render(req, "staff-petition", page, token: page.csrf, status: status)
    }

    @Sendable func newForm(_ req: Request) async throws -> Response {
        guard req.staff!.organisationId != nil else { throw Self.noOrganisation }
        // Three months is the usual run; the organiser can change it (at most a year).
        let defaults = [
            "addressed_to": "Norfolk County Council", "scheme_id": PetitionScheme.norfolk.id,
            "closes_on": SimpleDate.today().adding(days: 91)?.description ?? "",
        ]
        return try await render(req, petition: nil, values: defaults, errors: [])
    }

    static let noOrganisation = WebError.forbidden(
        "Petitions belong to an organisation, and your account has none. An administrator can set it on your account.")

    /// The petition, if it belongs to the member's organisation; else not found (its existence is not revealed).
    static func owned(_ req: Request) async throws -> Petition {
        let id = req.parameters.get("id") ?? ""
        guard let row = try await PetitionStore.row(id, on: req.db), let p = row.core, let org = req.staff?.organisationId,
            row.organisationId == org
        else { throw WebError.notFound(what: "petition of your organisation", id: id) }
        return p
    }

    /// The form read and checked against the core rules; the petition as it would be saved.
    private func read(_ req: Request, _ form: PostedForm, base: Petition) async throws -> (
        Petition, [String: String], [FieldError]
    ) {
        let fields = try await Self.fields(req.db)
        var values: [String: String] = [:], errors: [FieldError] = []
        for f in fields {
            switch f.normalise(form[f.column]) {
            case .success(let v): values[f.column] = v
            case .failure(let e):
                errors.append(e)
                values[f.column] = form[f.column] ?? ""
            }
        }
        var p = base
        (p.title, p.action, p.background, p.addressedTo) = (
            values["title"] ?? "", values["action"] ?? "", values["background"] ?? "", values["addressed_to"] ?? ""
        )
        p.closesOn = SimpleDate(values["closes_on"] ?? "") ?? p.closesOn
        p.proposalID = values["proposal_id"].flatMap { $0.isEmpty ? nil : $0 }
        p.schemeID = values["scheme_id"] ?? p.schemeID
        p.returnAddress = values["return_address"].flatMap { $0.isEmpty ? nil : $0 }
        if errors.isEmpty {
            errors = p.problems(today: SimpleDate.today()).map {
                FieldError(field: $0.field, message: $0.message.asSentence)
            }
        }
        return (p, values, errors)
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let me = req.staff!
        guard let org = me.organisationId else { throw Self.noOrganisation }
        let blank = Petition(
            id: "", title: "", action: "", background: "", addressedTo: "", closesOn: SimpleDate.today(),
            schemeID: PetitionScheme.norfolk.id, organisationID: org)
        var (p, values, errors) = try await read(req, form, base: blank)
        guard errors.isEmpty else {
            return try await render(req, petition: nil, values: values, errors: errors, status: .badRequest)
        }
        p.id = try await ProposalController.freshID(from: p.title, on: req) { id, db in
            try await PetitionStore.row(id, on: db) != nil
        }
        let now = Date(), actor = AuditActor(me), made = p
        try await req.db.transaction { tx in
            try await PetitionStore.insert(made, createdBy: me.id, now: now, on: tx)
            try await AuditLog.record(
                "petition", made.id, action: "created",
                changes: AuditChange.diff([:], PetitionStore.auditFields(made), order: PetitionStore.auditOrder), by: actor,
                now: now,
                on: tx)
        }
        return req.redirect(to: SiteURL.staffPetition(p.id).path, redirectType: .normal)
    }

    static func values(_ p: Petition) -> [String: String] {
        [
            "title": p.title, "action": p.action, "background": p.background, "addressed_to": p.addressedTo,
            "closes_on": p.closesOn.description, "proposal_id": p.proposalID ?? "", "scheme_id": p.schemeID,
            "return_address": p.returnAddress ?? "",
        ]
    }

    @Sendable func editForm(_ req: Request) async throws -> Response {
        let p = try await Self.owned(req)
        return try await render(req, petition: p, values: Self.values(p), errors: [])
    }

    @Sendable func save(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let before = try await Self.owned(req)
        guard before.state == .draft else {
            return try await render(
                req, petition: before, values: Self.values(before),
                errors: [FieldError(field: "state", message: "Only a draft can be changed: take it back first.")],
                status: .conflict)
        }
        let (after, values, errors) = try await read(req, form, base: before)
        guard errors.isEmpty else {
            return try await render(req, petition: before, values: values, errors: errors, status: .badRequest)
        }
        let changes = AuditChange.diff(
            PetitionStore.auditFields(before), PetitionStore.auditFields(after), order: PetitionStore.auditOrder)
        let now = Date(), actor = AuditActor(req.staff!)
        if !changes.isEmpty {
            try await req.db.transaction { tx in
                try await PetitionStore.updateText(after, now: now, on: tx)
                try await AuditLog.record("petition", after.id, action: "edited", changes: changes, by: actor, now: now, on: tx)
            }
        }
        return req.redirect(to: SiteURL.staffPetition(after.id).path, redirectType: .normal)
    }

    @Sendable func changeState(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let p = try await Self.owned(req)
        let action: PetitionAction
        switch form["action"] {
        case "submit":
            let problems = p.problems(today: SimpleDate.today())
            if !problems.isEmpty {
                return try await render(
                    req, petition: p, values: Self.values(p),
                    errors: problems.map { FieldError(field: $0.field, message: $0.message.asSentence) },
                    status: .badRequest)
            }
            action = .submit
        case "withdraw": action = .withdraw
        case "revise": action = .revise
        default: throw WebError.badRequest(field: "action", message: "must be submit, withdraw or revise")
        }
        do {
            try await PetitionStore.transition(p.id, action, by: AuditActor(req.staff!), now: Date(), on: req.db)
            await req.application.petitionCache.forget(p.id)
        } catch let e as PetitionTransitionError {
            return try await render(
                req, petition: p, values: Self.values(p),
                errors: [FieldError(field: "state", message: e.message.asSentence)],
                status: .conflict)
        }
        return req.redirect(to: SiteURL.staffPetition(p.id).path, redirectType: .normal)
    }
}
