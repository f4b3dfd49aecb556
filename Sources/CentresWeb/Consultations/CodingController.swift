import CentresCore
import Fluent
import Foundation
import Vapor

/// Coding free text: analysts define codes (themes), tag each answer to a text question a page
/// at a time, see how much is coded, and choose quotes for the report from the respondents who
/// agreed to be quoted.
struct CodingController {
    static let pageSize = 25

    func register(_ app: Application) {
        let manage = ConsultationStaffController.manage
        app.staff(.GET, SiteURL.staffConsultationCoding(":id", question: nil).pathComponents, manage, use: overview)
        app.staff(.POST, SiteURL.staffConsultationCodes(":id").pathComponents, manage, use: codes)
        app.staff(.GET, SiteURL.staffConsultationCoding(":id", question: ":q").pathComponents, manage, use: answers)
        app.staff(
            .POST, SiteURL.staffConsultationCoding(":id", question: ":q").pathComponents, manage,
            body: .collect(maxSize: ConsultationPublicController.maxBody), use: save)
    }

    /// The questions answered in the respondent's own words (what staff may redact).
    static func textQuestions(_ c: Consultation) -> [(number: Int, question: ConsultationQuestion)] {
        CodingTarget.all(c.questions).filter { !$0.isOther }.map { ($0.number, $0.question) }
    }

    /// Each coding target's progress and themes over `stored` (the consultation's responses,
    /// which the caller has already read).
    static func progress(_ c: Consultation, _ stored: [ResponseRow], on db: any Database) async throws -> [(
        target: CodingTarget, progress: CodingProgress
    )] {
        let responses = stored.map { ($0.id, $0.decodedAnswers) }
        let labels = Dictionary(uniqueKeysWithValues: try await CodingStore.codes(c.id, on: db).map { ($0.id, $0.label) })
        let tags = try await CodingStore.tags(c.id, on: db)
        return CodingTarget.all(c.questions).map { t in
            let answered = Set(responses.filter { t.text(in: $0.1) != nil }.map(\.0))
            let mine = tags.filter { $0.questionId == t.id }.compactMap { tag in labels[tag.codeId].map { (tag.responseId, $0) } }
            return (t, CodingProgress(answered: answered, tags: mine))
        }
    }

    struct QuestionRow: Encodable {
        var number: Int, text: String, href: String, answered: Int, coded: Int, percent: String
        var themes: [String]
    }
    struct Overview: Encodable {
        var title: String
        var csrf: String
        var back: String
        var codesAction: String
        var codes: [CodeRow]
        var questions: [QuestionRow]
        var errors: [FieldError]
    }

    func renderOverview(_ req: Request, _ c: Consultation, errors: [FieldError], status: HTTPStatus = .ok) async throws
        -> Response
    {
        let rows = try await Self.progress(c, try await ResponseStore.all(c.id, on: req.db), on: req.db).map { t, p in
            QuestionRow(
                number: t.number, text: t.label, href: SiteURL.staffConsultationCoding(c.id, question: t.id).path,
                answered: p.answered,
                coded: p.coded, percent: p.percentCoded.map { NumberText.fixed($0, 0) + "%" } ?? "—",
                themes: p.themes.map { "\($0.label): \($0.count)" })
        }
        let page = Overview(
            title: "Coding the free text: \(c.title)", csrf: CSRF.token(req),
            back: SiteURL.staffConsultationResults(c.id, by: nil).path,
            codesAction: SiteURL.staffConsultationCodes(c.id).path, codes: try await CodingStore.codes(c.id, on: req.db),
            questions: rows, errors: errors)
        return try await CSRF.render(req, "staff-consultation-coding", page, token: page.csrf, status: status)
    }

    @Sendable func overview(_ req: Request) async throws -> Response {
        try await renderOverview(req, try await ConsultationStaffController.stored(req), errors: [])
    }

    @Sendable func codes(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let c = try await ConsultationStaffController.stored(req)
        let actor = AuditActor(req.staff!)
        if let remove = form["remove"].flatMap(Int.init) {
            try await CodingStore.removeCode(c, id: remove, by: actor, now: Date(), on: req.db)
        } else {
            let label = ConsultationForm.clean(form["label"] ?? "")
            let description = ConsultationForm.clean(form["description"] ?? "")
            var errors: [FieldError] = []
            if OneLine.breaks(label) { errors.append(FieldError(field: "label", message: "Keep the code's name on one line.")) }
            if label.isEmpty || label.count > 80 {
                errors.append(FieldError(field: "label", message: "Give the code a name of up to 80 characters."))
            }
            if description.count > 500 {
                errors.append(FieldError(field: "description", message: "Keep the description under 500 characters."))
            }
            if try await CodingStore.codes(c.id, on: req.db).contains(where: { $0.label.lowercased() == label.lowercased() }) {
                errors.append(FieldError(field: "label", message: "There is a code '\(label)' already."))
            }
            guard errors.isEmpty else { return try await renderOverview(req, c, errors: errors, status: .badRequest) }
            try await CodingStore.addCode(
                c, label: label, description: description.isEmpty ? nil : description, by: actor, now: Date(), on: req.db)
        }
        return req.redirect(to: SiteURL.staffConsultationCoding(c.id, question: nil).path, redirectType: .normal)
    }

    struct CodeBox: Encodable { var id: String, value: Int, label: String, checked: Bool }
    struct Answer: Encodable {
        var response: Int, href: String, channel: String, text: String, codes: [CodeBox], mayQuote: Bool, quoted: Bool
    }
    struct AnswersPage: Encodable {
        var title: String
        var csrf: String
        var back: String
        var action: String
        var progress: String
        var answers: [Answer]
        var shown: String
        var pages: [PageLink]
        var uncodedOnly: Bool
        var hasCodes: Bool
    }

    static func target(_ c: Consultation, _ req: Request) throws -> CodingTarget {
        let id = req.parameters.get("q") ?? ""
        guard let found = CodingTarget.all(c.questions).first(where: { $0.id == id }) else {
            throw WebError.notFound(what: "free-text question", id: id)
        }
        return found
    }

    @Sendable func answers(_ req: Request) async throws -> Response {
        let c = try await ConsultationStaffController.stored(req)
        let q = try Self.target(c, req)
        let codes = try await CodingStore.codes(c.id, on: req.db)
        let tags = try await CodingStore.tags(c.id, on: req.db).filter { $0.questionId == q.id }
        let quoted = Set(try await CodingStore.quotes(c.id, on: req.db).filter { $0.questionId == q.id }.map(\.responseId))
        let tagged = Dictionary(grouping: tags, by: \.responseId).mapValues { Set($0.map(\.codeId)) }
        let uncodedOnly = req.queryText("uncoded") == "1"
        var rows: [(ResponseRow, String)] = try await ResponseStore.all(c.id, on: req.db).compactMap { r in
            q.text(in: r.decodedAnswers).map { (r, $0) }
        }
        let progress = CodingProgress(
            answered: Set(rows.map(\.0.id)),
            tags: tags.map { t in (t.responseId, codes.first { $0.id == t.codeId }?.label ?? "") })
        if uncodedOnly { rows = rows.filter { tagged[$0.0.id] == nil } }
        let pageCount = max(1, (rows.count + Self.pageSize - 1) / Self.pageSize)
        let pageNumber = min(max((try req.queryNumber("page")) ?? 1, 1), pageCount)
        let slice = rows.dropFirst((pageNumber - 1) * Self.pageSize).prefix(Self.pageSize)
        let base = SiteURL.staffConsultationCoding(c.id, question: q.id).path
        let page = AnswersPage(
            title: "Question \(q.number): \(q.label)", csrf: CSRF.token(req),
            back: SiteURL.staffConsultationCoding(c.id, question: nil).path,
            action: base + "?page=\(pageNumber)" + (uncodedOnly ? "&uncoded=1" : ""),
            progress:
                "\(progress.coded) of \(progress.answered) answers coded"
                + (progress.percentCoded.map { " (\(NumberText.fixed($0, 0))%)" } ?? ""),
            answers: slice.map { r, text in
                Answer(
                    response: r.id, href: SiteURL.staffConsultationResponse(c.id, String(r.id)).path,
                    channel: ResponseChannel(rawValue: r.channel)?.label ?? r.channel, text: text,
                    codes: codes.map {
                        CodeBox(
                            id: "tag-\(r.id)-\($0.id)", value: $0.id, label: $0.label,
                            checked: tagged[r.id]?.contains($0.id) ?? false)
                    }, mayQuote: r.quoteConsent, quoted: quoted.contains(r.id))
            },
            shown: slice.map { String($0.0.id) }.joined(separator: ","),
            pages: (1...pageCount).map {
                PageLink(
                    label: String($0), href: base + "?page=\($0)" + (uncodedOnly ? "&uncoded=1" : ""), current: $0 == pageNumber)
            }, uncodedOnly: uncodedOnly, hasCodes: !codes.isEmpty)
        return try await CSRF.render(req, "staff-consultation-answers", page, token: page.csrf)
    }

    @Sendable func save(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedFields(req)
        try form.refuseRepeats(except: { $0.hasPrefix("tag-") })
        let fields = form.lists
        let c = try await ConsultationStaffController.stored(req)
        let q = try Self.target(c, req)
        let shown = (fields["shown"]?.first ?? "").split(separator: ",").compactMap { Int($0) }
        var tags: [Int: Set<Int>] = [:]
        for r in shown { tags[r] = Set((fields["tag-\(r)"] ?? []).compactMap(Int.init)) }
        let quotes = Set(shown.filter { fields["quote-\($0)"] != nil })
        try await CodingStore.save(
            c, questionID: q.id, responseIDs: shown, tags: tags, quotes: quotes, by: req.staff!.id, now: Date(), on: req.db)
        let query = req.url.query.map { "?" + $0 } ?? ""
        return req.redirect(to: SiteURL.staffConsultationCoding(c.id, question: q.id).path + query, redirectType: .normal)
    }
}
