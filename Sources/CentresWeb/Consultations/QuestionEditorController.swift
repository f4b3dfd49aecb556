import CentresCore
import Fluent
import Foundation
import Vapor

/// A draft consultation's questions, one plain form per question: the type, options one per
/// line, required, and a condition chosen from the earlier questions' answers. Every change keeps
/// the list one that can open (`QuestionList`), and is audited.
struct QuestionEditorController {
    func register(_ app: Application) {
        let manage = ConsultationStaffController.manage
        app.staff(.GET, SiteURL.staffConsultationQuestionNew(":id").pathComponents, manage, use: newForm)
        app.staff(.POST, SiteURL.staffConsultationQuestionNew(":id").pathComponents, manage, use: create)
        app.staff(.GET, SiteURL.staffConsultationQuestion(":id", ":q").pathComponents, manage, use: editForm)
        app.staff(.POST, SiteURL.staffConsultationQuestion(":id", ":q").pathComponents, manage, use: save)
        app.staff(.POST, SiteURL.staffConsultationQuestionMove(":id", ":q").pathComponents, manage, use: move)
        app.staff(.POST, SiteURL.staffConsultationQuestionRemove(":id", ":q").pathComponents, manage, use: remove)
    }

    /// The network's centres that have not closed, by name: the answers to "which centre do you
    /// use". The pack's placeholders for centres it could not identify (confidence "n/a") are
    /// left out: nobody can say they use one.
    static func centreOptions(_ db: any Database) async throws -> [ConsultationQuestion.Option] {
        let today = SimpleDate.today()
        var taken: Set<String> = ["none"]
        return try await DirectoryQueries(db).centres()
            .filter { $0.status(on: today)?.status != .closed && $0.confidence != .notApplicable }
            .sorted { $0.name < $1.name }
            .map { c in
                let v = QuestionDraft.value(for: c.id, taken: taken)
                taken.insert(v)
                return .init(v, c.name)
            }
    }

    struct Page: Encodable {
        var title: String
        var csrf: String
        var action: String
        var back: String
        var errors: [FieldError]
        var text: String
        var help: String
        var kinds: [Option]
        var options: String
        var allowsOther: Bool
        var required: Bool
        var conditions: [Option]
    }

    static func draft(_ c: Consultation, _ req: Request) throws -> Consultation {
        guard c.state == .draft else { throw WebError.conflict(ConsultationStaffController.notDraft) }
        return c
    }

    func render(
        _ req: Request, _ c: Consultation, questionID: String?, draft: QuestionDraft, errors: [FieldError],
        status: HTTPStatus = .ok
    )
        async throws -> Response
    {
        let index = questionID.flatMap { id in c.questions.firstIndex { $0.id == id } } ?? c.questions.count
        let conditions = QuestionList.conditionChoices(before: index, in: c.questions).map {
            Option(value: $0.value, label: $0.label, selected: draft.showIf == $0.value)
        }
        let page = Page(
            title: questionID == nil ? "Add a question" : "Question \(index + 1)", csrf: CSRF.token(req),
            action: questionID.map { SiteURL.staffConsultationQuestion(c.id, $0).path }
                ?? SiteURL.staffConsultationQuestionNew(c.id).path,
            back: SiteURL.staffConsultation(c.id).path, errors: errors, text: draft.text, help: draft.help,
            kinds: QuestionDraft.kinds.map { Option(value: $0.name, label: $0.label, selected: $0.name == draft.kind) },
            options: draft.options, allowsOther: draft.allowsOther, required: draft.required,
            conditions: [Option(value: "", label: "Always", selected: draft.showIf.isEmpty)] + conditions)
        return try await CSRF.render(req, "staff-consultation-question", page, token: page.csrf, status: status)
    }

    static func read(_ form: PostedForm) -> QuestionDraft {
        QuestionDraft(
            text: form["text"] ?? "", help: form["help"] ?? "", kind: form["kind"] ?? "", options: form["options"] ?? "",
            allowsOther: form["other"] != nil, required: form["required"] != nil, showIf: form["show_if"] ?? "")
    }

    @Sendable func newForm(_ req: Request) async throws -> Response {
        let c = try Self.draft(try await ConsultationStaffController.stored(req), req)
        return try await render(req, c, questionID: nil, draft: QuestionDraft(text: "", kind: "single-choice"), errors: [])
    }

    @Sendable func editForm(_ req: Request) async throws -> Response {
        let c = try Self.draft(try await ConsultationStaffController.stored(req), req)
        let q = try Self.question(c, req)
        return try await render(req, c, questionID: q.id, draft: QuestionDraft(q), errors: [])
    }

    static func question(_ c: Consultation, _ req: Request) throws -> ConsultationQuestion {
        let id = req.parameters.get("q") ?? ""
        guard let q = c.questions.first(where: { $0.id == id }) else { throw WebError.notFound(what: "question", id: id) }
        return q
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        try await store(req, questionID: nil)
    }

    @Sendable func save(_ req: Request) async throws -> Response {
        try await store(req, questionID: req.parameters.get("q"))
    }

    private func store(_ req: Request, questionID: String?) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let c = try Self.draft(try await ConsultationStaffController.stored(req), req)
        let earlier = try questionID.map { _ in try Self.question(c, req) }
        let draft = Self.read(form)
        let centres = try await Self.centreOptions(req.db)
        let made = draft.question(id: earlier?.id ?? QuestionList.nextID(c.questions), centres: centres, keeping: earlier)
        let question: ConsultationQuestion
        switch made {
        case .failure(let p):
            let errors = p.all.map { FieldError(field: $0.field, message: $0.message) }
            return try await render(req, c, questionID: questionID, draft: draft, errors: errors, status: .badRequest)
        case .success(let q): question = q
        }
        do {
            try await ConsultationStore.update(
                c.id, action: questionID == nil ? "question added" : "question edited", by: AuditActor(req.staff!), now: Date(),
                on: req.db
            ) {
                var next = try Self.draft($0, req)
                next.questions = try QuestionList.saving($0.questions, question).get()
                return next
            }
        } catch let e as ConsultationError {
            let errors = [FieldError(field: "text", message: e.message.asSentence)]
            return try await render(req, c, questionID: questionID, draft: draft, errors: errors, status: .conflict)
        }
        return req.redirect(to: SiteURL.staffConsultation(c.id).path + "#questions", redirectType: .normal)
    }

    @Sendable func move(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let offset = form["direction"] == "up" ? -1 : 1
        return try await change(req, action: "question moved") { try QuestionList.moving($0, id: $1, by: offset).get() }
    }

    @Sendable func remove(_ req: Request) async throws -> Response {
        _ = try CSRF.verifiedForm(req)
        return try await change(req, action: "question removed") { try QuestionList.removing($0, id: $1).get() }
    }

    private func change(
        _ req: Request, action: String,
        _ f: @escaping @Sendable ([ConsultationQuestion], String) throws -> [ConsultationQuestion]
    ) async throws -> Response {
        let c = try Self.draft(try await ConsultationStaffController.stored(req), req)
        let q = try Self.question(c, req)
        do {
            try await ConsultationStore.update(c.id, action: action, by: AuditActor(req.staff!), now: Date(), on: req.db) {
                var next = try Self.draft($0, req)
                next.questions = try f($0.questions, q.id)
                return next
            }
        } catch let e as ConsultationError {
            return try await ConsultationStaffController.render(
                req, c, values: ConsultationStaffController.values(c),
                errors: [FieldError(field: "questions", message: "Question '\(q.text)': \(e.message).")], status: .conflict)
        }
        return req.redirect(to: SiteURL.staffConsultation(c.id).path + "#questions", redirectType: .normal)
    }
}
