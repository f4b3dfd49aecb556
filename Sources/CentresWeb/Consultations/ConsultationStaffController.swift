import CentresCore
import Fluent
import Foundation
import Vapor

/// Consultation managers write a consultation (its fields here, its questions in
/// `QuestionEditorController`), preview it, launch it, take it back before it opens, and publish
/// its results once it has closed. Every change is audited.
struct ConsultationStaffController {
    static let manage = StaffAccess(capability: .manageConsultations)

    func register(_ app: Application) {
        app.staff(.GET, SiteURL.staffConsultations.pathComponents, Self.manage, use: list)
        app.staff(.GET, SiteURL.staffConsultationNew.pathComponents, Self.manage, use: newForm)
        app.staff(.POST, SiteURL.staffConsultationNew.pathComponents, Self.manage, use: create)
        app.staff(.GET, SiteURL.staffConsultation(":id").pathComponents, Self.manage, use: editForm)
        app.staff(.POST, SiteURL.staffConsultation(":id").pathComponents, Self.manage, use: save)
        app.staff(.POST, SiteURL.staffConsultationState(":id").pathComponents, Self.manage, use: changeState)
        app.staff(.GET, SiteURL.staffConsultationPreview(":id").pathComponents, Self.manage, use: preview)
    }

    static func fields(_ db: any Database) async throws -> [EditField] {
        [
            EditField(column: "title", label: "Title", input: .text, required: true),
            EditField(
                column: "purpose", label: "Purpose", input: .textarea,
                hint: "What is proposed, why, and what the council will decide with the answers. Needed to launch."),
            EditField(
                column: "who_is_consulted", label: "Who is consulted", input: .textarea,
                hint: "For example: families with children under five, staff, partners, everyone in Norfolk. Needed to launch."),
            EditField(column: "opens_on", label: "Opening date", input: .date, required: true),
            EditField(
                column: "closes_on", label: "Closing date", input: .date, required: true, hint: "The last day it takes responses."
            ),
            EditField(
                column: "other_channels", label: "Other ways to respond", input: .textarea,
                hint: "The postal address, email address, phone number and events, with times. Needed to launch."),
            EditField(
                column: "proposal_id", label: "The proposal consulted on", input: .select(try await ProposalStore.choices(on: db))
            ),
            EditField(
                column: "documents", label: "Documents", input: .textarea,
                hint: "One per line: the title, a bar, and its web address (https://…) or a path on this site."),
        ]
    }

    static func values(_ c: Consultation) -> [String: String] {
        [
            "title": c.title, "purpose": c.purpose, "who_is_consulted": c.whoIsConsulted, "opens_on": c.opensOn.description,
            "closes_on": c.closesOn.description, "other_channels": c.otherChannels, "proposal_id": c.proposalID ?? "",
            "documents": c.documents.map { "\($0.title) | \($0.url)" }.joined(separator: "\n"),
        ]
    }

    /// "Title | address" lines, or the first line that is not one.
    static func documents(_ text: String) -> Result<[Consultation.Document], FieldError> {
        var docs: [Consultation.Document] = []
        for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                return .failure(
                    FieldError(
                        field: "documents", message: "Documents, line \(i + 1): write the title, a bar (|) and the address."))
            }
            docs.append(.init(title: parts[0], url: parts[1]))
        }
        return .success(docs)
    }

    /// The form read onto `base` (questions and state kept), with every problem.
    static func read(_ form: PostedForm, base: Consultation, on db: any Database) async throws -> (
        Consultation, [String: String], [FieldError]
    ) {
        var values: [String: String] = [:], errors: [FieldError] = []
        for f in try await fields(db) {
            switch f.normalise(form[f.column]) {
            case .success(let v): values[f.column] = v
            case .failure(let e): (values[f.column], errors) = (form[f.column] ?? "", errors + [e])
            }
        }
        var c = base
        (c.title, c.purpose, c.whoIsConsulted) = (
            values["title"] ?? "", values["purpose"] ?? "", values["who_is_consulted"] ?? ""
        )
        c.otherChannels = values["other_channels"] ?? ""
        c.opensOn = SimpleDate(values["opens_on"] ?? "") ?? c.opensOn
        c.closesOn = SimpleDate(values["closes_on"] ?? "") ?? c.closesOn
        c.proposalID = values["proposal_id"].flatMap { $0.isEmpty ? nil : $0 }
        switch documents(values["documents"] ?? "") {
        case .success(let d): c.documents = d
        case .failure(let e): errors.append(e)
        }
        // The rest is checked at launch, so a draft can be saved part-done.
        if errors.isEmpty {
            errors = c.saveProblems.map { FieldError(field: $0.field, message: $0.message.asSentence) }
        }
        return (c, values, errors)
    }

    struct ListRow: Encodable {
        var href: String, title: String, stage: String, opensOn: String, closesOn: String, responses: Int
    }
    struct ListPage: Encodable {
        var title = "Consultations"
        var rows: [ListRow]
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let today = SimpleDate.today()
        let counts = try await ResponseStore.counts(on: req.db)
        let rows = try await ConsultationStore.all(on: req.db).map {
            ListRow(
                href: SiteURL.staffConsultation($0.id).path, title: $0.title, stage: $0.stage(on: today).label,
                opensOn: $0.opensOn.longText, closesOn: $0.closesOn.longText, responses: counts[$0.id] ?? 0)
        }
        return try await req.view.render("staff-consultations", ListPage(rows: rows)).encodeResponse(for: req)
    }

    struct QuestionRow: Encodable {
        var number: Int, text: String, kind: String, required: Bool, condition: String?, options: String
        var editHref: String, moveHref: String, removeHref: String, isFirst: Bool, isLast: Bool
    }

    struct FormPage: Encodable {
        var title: String
        var csrf: String
        var action: String
        var isNew: Bool
        var editable: Bool
        var stage: String?
        var fields: [FieldView]
        var errors: [FieldError]
        var questions: [QuestionRow]
        var addQuestionHref: String?
        var previewHref: String?
        var publicHref: String?
        var responsesHref: String?
        var resultsHref: String?
        var paperFormHref: String?
        var stateAction: String?
        var canLaunch: Bool
        var canUnlaunch: Bool
        var canPublish: Bool
        var publishFields: [FieldView]
        var published: Bool
        var history: [AuditEntryView]
        var auditCSV: String?
    }

    static func publishFields(_ db: any Database) async throws -> [EditField] {
        [
            EditField(column: "what_we_heard", label: "What we heard", input: .textarea, required: true),
            EditField(column: "what_we_did", label: "What we did", input: .textarea, required: true),
            EditField(
                column: "revised_proposal_id", label: "The revised proposal",
                input: .select(try await ProposalStore.choices(on: db))),
        ]
    }

    static func render(
        _ req: Request, _ c: Consultation?, values: [String: String], errors: [FieldError], status: HTTPStatus = .ok
    ) async throws -> Response {
        let stage = c?.stage(on: SimpleDate.today())
        let kinds = Dictionary(uniqueKeysWithValues: QuestionDraft.kinds.map { ($0.name, $0.label) })
        let questions =
            c.map { c in
                c.questions.enumerated().map { i, q -> QuestionRow in
                    let d = QuestionDraft(q)
                    return QuestionRow(
                        number: i + 1, text: q.text, kind: kinds[d.kind] ?? d.kind, required: q.required,
                        condition: QuestionView.condition(q, in: c.questions),
                        options: q.options.map(\.label).joined(separator: " · "),
                        editHref: SiteURL.staffConsultationQuestion(c.id, q.id).path,
                        moveHref: SiteURL.staffConsultationQuestionMove(c.id, q.id).path,
                        removeHref: SiteURL.staffConsultationQuestionRemove(c.id, q.id).path, isFirst: i == 0,
                        isLast: i == c.questions.count - 1)
                }
            } ?? []
        let history =
            try await c.asyncMap {
                try await AuditLog.entries(recordType: "consultation", recordID: $0.id, limit: 100, on: req.db).map(
                    AuditEntryView.init)
            } ?? []
        let page = FormPage(
            title: c.map { "Consultation: \($0.title)" } ?? "New consultation", csrf: CSRF.token(req),
            action: c.map { SiteURL.staffConsultation($0.id).path } ?? SiteURL.staffConsultationNew.path, isNew: c == nil,
            editable: stage == nil || stage == .draft, stage: stage?.label,
            fields: try await fields(req.db).map { FieldView($0, value: values[$0.column] ?? "", errors: errors) },
            errors: errors, questions: questions,
            addQuestionHref: stage == .draft ? c.map { SiteURL.staffConsultationQuestionNew($0.id).path } : nil,
            previewHref: c.map { SiteURL.staffConsultationPreview($0.id).path },
            publicHref: stage.flatMap { $0 == .draft ? nil : c.map { SiteURL.consultation($0.id).path } },
            responsesHref: c.map { SiteURL.staffConsultationResponses($0.id).path },
            resultsHref: c.map { SiteURL.staffConsultationResults($0.id, by: nil).path },
            paperFormHref: c.map { SiteURL.staffConsultationPaperForm($0.id).path },
            stateAction: c.map { SiteURL.staffConsultationState($0.id).path }, canLaunch: stage == .draft,
            canUnlaunch: stage == .scheduled, canPublish: stage == .closed,
            publishFields: try await publishFields(req.db).map { FieldView($0, value: values[$0.column] ?? "", errors: errors) },
            published: stage == .published, history: history,
            auditCSV: c.flatMap { c in
                req.staff!.can(.readAudit) ? SiteURL.staffAuditCSV(type: "consultation", id: c.id).path : nil
            })
        return try await CSRF.render(req, "staff-consultation", page, token: page.csrf, status: status)
    }

    static func stored(_ req: Request) async throws -> Consultation {
        let id = req.parameters.get("id") ?? ""
        guard let c = try await ConsultationStore.find(id, on: req.db) else {
            throw WebError.notFound(what: "consultation", id: id)
        }
        return c
    }

    @Sendable func newForm(_ req: Request) async throws -> Response {
        // Twelve weeks is the usual length of a public consultation; the manager can change it.
        let today = SimpleDate.today()
        let defaults = [
            "opens_on": today.adding(days: 14)?.description ?? "", "closes_on": today.adding(days: 14 + 84)?.description ?? "",
        ]
        return try await Self.render(req, nil, values: defaults, errors: [])
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let today = SimpleDate.today()
        let blank = Consultation(
            id: "", title: "", purpose: "", whoIsConsulted: "", opensOn: today, closesOn: today, otherChannels: "", questions: [])
        var (c, values, errors) = try await Self.read(form, base: blank, on: req.db)
        guard errors.isEmpty else { return try await Self.render(req, nil, values: values, errors: errors, status: .badRequest) }
        c.id = try await ProposalController.freshID(from: c.title, on: req) { id, db in
            try await ConsultationStore.row(id, on: db) != nil
        }
        try await ConsultationStore.insert(c, by: AuditActor(req.staff!), now: Date(), on: req.db)
        return req.redirect(to: SiteURL.staffConsultation(c.id).path, redirectType: .normal)
    }

    @Sendable func editForm(_ req: Request) async throws -> Response {
        let c = try await Self.stored(req)
        return try await Self.render(req, c, values: Self.values(c), errors: [])
    }

    static let notDraft = "Only a draft can be changed: take it back to a draft first (possible until it opens)."

    @Sendable func save(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let before = try await Self.stored(req)
        guard before.state == .draft else {
            return try await Self.render(
                req, before, values: Self.values(before), errors: [FieldError(field: "state", message: Self.notDraft)],
                status: .conflict)
        }
        let (after, values, errors) = try await Self.read(form, base: before, on: req.db)
        guard errors.isEmpty else {
            return try await Self.render(req, before, values: values, errors: errors, status: .badRequest)
        }
        try await ConsultationStore.update(before.id, action: "edited", by: AuditActor(req.staff!), now: Date(), on: req.db) {
            guard $0.state == .draft else { throw ConsultationError(message: Self.notDraft) }
            var next = after
            (next.questions, next.state) = ($0.questions, $0.state)
            return next
        }
        return req.redirect(to: SiteURL.staffConsultation(before.id).path, redirectType: .normal)
    }

    @Sendable func changeState(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let c = try await Self.stored(req)
        let action: Consultation.Action
        var values = Self.values(c)
        switch form["action"] {
        case "launch": action = .launch
        case "unlaunch": action = .unlaunch
        case "publish":
            for key in ["what_we_heard", "what_we_did", "revised_proposal_id"] { values[key] = form[key] ?? "" }
            let revised = (form["revised_proposal_id"] ?? "").trimmingCharacters(in: .whitespaces)
            if !revised.isEmpty, !(try await ProposalStore.exists(revised, on: req.db)) {
                return try await Self.render(
                    req, c, values: values,
                    errors: [FieldError(field: "revised_proposal_id", message: "Choose the revised proposal from the list.")],
                    status: .badRequest)
            }
            action = .publish(
                whatWeHeard: ConsultationForm.clean(form["what_we_heard"] ?? ""),
                whatWeDid: ConsultationForm.clean(form["what_we_did"] ?? ""), revisedProposalID: revised.isEmpty ? nil : revised)
        default: throw WebError.badRequest(field: "action", message: "must be launch, unlaunch or publish")
        }
        let today = SimpleDate.today()
        do {
            try await ConsultationStore.update(c.id, action: action.name, by: AuditActor(req.staff!), now: Date(), on: req.db) {
                try $0.applying(action, today: today).get()
            }
        } catch let e as ConsultationError {
            // Launching names every problem, so the manager can mend them all at once.
            let problems = action == .launch ? c.problems(today: today) : []
            let errors =
                problems.isEmpty
                ? [FieldError(field: "state", message: e.message.asSentence)]
                : problems.map { FieldError(field: $0.field, message: "It cannot launch: \($0.message).") }
            return try await Self.render(req, c, values: values, errors: errors, status: .conflict)
        }
        return req.redirect(to: SiteURL.staffConsultation(c.id).path, redirectType: .normal)
    }

    @Sendable func preview(_ req: Request) async throws -> Response {
        let c = try await Self.stored(req)
        return try await ConsultationPublicController.render(req, c, preview: true, fields: [:], problems: [])
    }
}

extension Consultation.Stage {
    var label: String {
        switch self {
        case .draft: "Draft"
        case .scheduled: "Launched, opening on its date"
        case .open: "Open"
        case .closed: "Closed"
        case .published: "Results published"
        }
    }
}

extension Consultation.Action {
    /// As the audit log names it.
    var name: String {
        switch self {
        case .launch: "launched"
        case .unlaunch: "taken back to a draft"
        case .publish: "results published"
        }
    }
}
