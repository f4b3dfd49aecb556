import CentresCore
import Fluent
import Foundation
import Vapor

/// The public side of consultations: the list, each consultation with its documents, the
/// proposal's measured impact and a postcode panel beside the questions, responding online
/// (no JavaScript needed), saving to finish later, and the receipt by email.
struct ConsultationPublicController {
    /// Responses per client address per hour: a family or an office responds from one address.
    static let responsesPerClientPerHour = 30
    /// Saved forms per client address per hour (each sends an email).
    static let savesPerClientPerHour = 10
    /// A response's form can be long: ten long answers of 10,000 characters, percent-encoded.
    static let maxBody: ByteCount = "1mb"

    func register(_ app: Application) {
        app.get(SiteURL.consultations.pathComponents, use: list)
        app.get(SiteURL.consultation(":id").pathComponents, use: page)
        app.on(.POST, SiteURL.consultationRespond(":id").pathComponents, body: .collect(maxSize: Self.maxBody), use: respond)
        app.get(SiteURL.consultationSaved(":id", token: nil).pathComponents, use: resume)
        app.get(SiteURL.consultationReport(":id").pathComponents) { req in
            let c = try await Self.visible(req)
            guard c.state == .published else { throw WebError.notFound(what: "published report of consultation", id: c.id) }
            return try await req.view.render(
                "consultation-report", try await ConsultationReport.make(c, back: SiteURL.consultation(c.id).path, req: req))
        }
        app.get(SiteURL.consultationPaperForm(":id").pathComponents) { req in
            try await Self.paperForm(req, try await Self.visible(req), back: SiteURL.consultation(req.parameters.get("id")!).path)
        }
    }

    struct PaperForm: Encodable {
        var title: String, id: String, back: String, closesOn: String, url: String, purpose: String, otherChannels: String
        var questions: [QuestionView]
    }

    /// The printable form, made from the same questions as the online one.
    static func paperForm(_ req: Request, _ c: Consultation, back: String) async throws -> View {
        let page = PaperForm(
            title: c.title, id: c.id, back: back, closesOn: c.closesOn.longText,
            url: req.application.publicURL + SiteURL.consultation(c.id).path, purpose: c.purpose, otherChannels: c.otherChannels,
            questions: QuestionView.all(c.questions, fields: [:], problems: []))
        return try await req.view.render("consultation-paper", page)
    }

    struct ListRow: Encodable { var href: String, title: String, stage: String, dates: String }
    struct ListPage: Encodable {
        var title = "Consultations"
        var open: [ListRow]
        var others: [ListRow]
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let today = SimpleDate.today()
        let shown = try await ConsultationStore.all(on: req.db).filter { $0.state != .draft }
        func row(_ c: Consultation) -> ListRow {
            ListRow(
                href: SiteURL.consultation(c.id).path, title: c.title, stage: c.stage(on: today).label,
                dates: "\(c.opensOn.longText) to \(c.closesOn.longText)")
        }
        let page = ListPage(
            open: shown.filter { $0.stage(on: today) == .open }.map(row),
            others: shown.filter { $0.stage(on: today) != .open }.map(row))
        return try await req.view.render("consultations", page).encodeResponse(for: req)
    }

    /// A consultation the public may see: launched or published.
    static func visible(_ req: Request) async throws -> Consultation {
        let id = req.parameters.get("id") ?? ""
        guard let c = try await ConsultationStore.find(id, on: req.db), c.state != .draft else {
            throw WebError.notFound(what: "consultation", id: id)
        }
        return c
    }

    struct Page: Encodable {
        var title: String
        var csrf: String
        var id: String
        var preview: Bool
        var stage: String
        var isOpen: Bool
        var isPublished: Bool
        var opensOn: String
        var closesOn: String
        var purpose: String
        var whoIsConsulted: String
        var otherChannels: String
        var documents: [PageLink]
        /// The proposal's measured impact (`consultation-impact.leaf`), shared between readers.
        var impactHTML: String?
        var postcode: PostcodePage
        var questions: [QuestionView]
        var errors: [FieldError]
        var action: String
        var receiptEmail: String
        var quoteConsent: Bool
        var savedToken: String?
        var whatWeHeard: String?
        var whatWeDid: String?
        var revisedProposal: PageLink?
        /// Once published: the counted results (`consultation-results.leaf`), as the analysts see
        /// them with no breakdown, shared between readers.
        var resultsHTML: String?
        var reportHref: String?
    }

    static func render(
        _ req: Request, _ c: Consultation, preview: Bool, fields: [String: [String]], problems: [ConsultationForm.Problem],
        savedToken: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let stage = c.stage(on: SimpleDate.today())
        let here = preview ? SiteURL.staffConsultationPreview(c.id).path : SiteURL.consultation(c.id).path
        let postcodeText: String? = req.queryText("postcode")
        let impactProposal = c.proposalID
        let postcode = try await ProposalController.postcodeImpact(
            req, postcodeText, pick: try req.queryNumber("pick"), choiceURL: here + "?postcode="
        ) {
            guard let id = impactProposal, let p = try await ProposalStore.find(id, on: req.db) else { return [] }
            return [(p.proposal, SiteURL.proposal(id).path)]
        }
        var revised: PageLink?
        if let r = c.revisedProposalID, let p = try await ProposalStore.find(r, on: req.db) {
            revised = PageLink(label: p.proposal.title, href: SiteURL.proposal(r).path, current: false)
        }
        let anchors = problems.map { p in
            FieldError(
                field: ConsultationForm.owner(of: p.field, in: c.questions).map { ConsultationForm.field($0) } ?? p.field,
                message: p.message.asSentence)
        }
        let page = Page(
            title: c.title, csrf: CSRF.token(req), id: c.id, preview: preview, stage: stage.label, isOpen: stage == .open,
            isPublished: stage == .published, opensOn: c.opensOn.longText, closesOn: c.closesOn.longText, purpose: c.purpose,
            whoIsConsulted: c.whoIsConsulted, otherChannels: c.otherChannels,
            documents: c.documents.map { PageLink(label: $0.title, href: $0.url, current: false) },
            impactHTML: try await c.proposalID.asyncMap { try await ConsultationImpact.html($0, app: req.application) } ?? nil,
            postcode: postcode, questions: QuestionView.all(c.questions, fields: fields, problems: problems),
            errors: anchors, action: SiteURL.consultationRespond(c.id).path,
            receiptEmail: fields["receipt_email"]?.first ?? "", quoteConsent: fields["quote_consent"] != nil,
            savedToken: savedToken, whatWeHeard: c.whatWeHeard, whatWeDid: c.whatWeDid, revisedProposal: revised,
            resultsHTML: stage == .published ? try await ConsultationAnalysis.publishedHTML(c, app: req.application) : nil,
            reportHref: stage == .published ? SiteURL.consultationReport(c.id).path : nil)
        return try await CSRF.render(req, "consultation", page, token: page.csrf, status: status)
    }

    @Sendable func page(_ req: Request) async throws -> Response {
        try await Self.render(req, try await Self.visible(req), preview: false, fields: [:], problems: [])
    }

    struct Thanks: Encodable {
        var title: String
        var consultationTitle: String
        var consultationHref: String
        var reference: Int?
        var receiptTo: String?
        var savedTo: String?
        var closesOn: String
        var answers: [ReceiptLine]
    }

    enum Intent: String { case send, save }

    @Sendable func respond(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedFields(req)
        let c = try await Self.visible(req)
        try form.refuseRepeats(except: ConsultationForm.repeatableFields(c.questions).contains)
        let fields = form.lists
        let today = SimpleDate.today()
        guard case .accepted(let late) = c.intake(.online, receivedOn: today, today: today) else {
            throw WebError.gone(
                c.stage(on: today) == .scheduled
                    ? "This consultation opens on \(c.opensOn.longText)." : "This consultation closed on \(c.closesOn.longText).")
        }
        let savedToken = fields["saved_token"]?.first.flatMap { $0.isEmpty ? nil : $0 }
        let email = Credentials.normalisedEmail(fields["receipt_email"]?.first ?? "")
        // The form's two buttons; anything else is refused rather than taken as "send".
        guard let intent = Intent(rawValue: fields["intent"]?.first ?? Intent.send.rawValue) else {
            throw WebError.badRequest(field: "intent", message: "press 'Send my response' or 'Save and finish later'")
        }
        let saving = intent == .save
        if !email.isEmpty || saving, let problem = Credentials.emailProblem(email) {
            let p = ConsultationForm.Problem(field: "receipt_email", message: "email address: \(problem)")
            return try await Self.render(
                req, c, preview: false, fields: fields, problems: [p], savedToken: savedToken, status: .badRequest)
        }
        let client = req.clientAddress ?? "unknown"
        if saving {
            guard
                await req.application.rateLimiter.allow(
                    "consultation-save:" + client, limit: Self.savesPerClientPerHour, window: 3_600)
            else { throw WebError.tooManyRequests("Too many forms saved from here in the last hour. Try again later.") }
            try await SavedForms.save(c, fields: fields, email: email, replacing: savedToken, req: req)
            let thanks = Thanks(
                title: "Your answers are saved", consultationTitle: c.title, consultationHref: SiteURL.consultation(c.id).path,
                reference: nil, receiptTo: nil, savedTo: email, closesOn: c.closesOn.longText, answers: [])
            return try await req.view.render("consultation-thanks", thanks).encodeResponse(for: req)
        }
        let answers: [String: ConsultationAnswer]
        switch ConsultationForm.read(c.questions, fields: fields) {
        case .failure(let p):
            return try await Self.render(
                req, c, preview: false, fields: fields, problems: p.all, savedToken: savedToken, status: .badRequest)
        case .success(let a): answers = a
        }
        guard
            await req.application.rateLimiter.allow(
                "consultation:" + client, limit: Self.responsesPerClientPerHour, window: 3_600)
        else {
            throw WebError.tooManyRequests("Too many responses from here in the last hour. Try again later, or respond by post.")
        }
        let place = try await Self.place(ResponseStore.postcode(c, answers), req)
        let now = Date()
        let lines = Receipt.lines(c, answers)
        let quote = fields["quote_consent"] != nil
        let reference = try await req.db.transaction { tx in
            let n = try await ResponseStore.insert(
                c, answers: answers, intake: ResponseIntake(channel: .online, receivedOn: today, late: late, enteredBy: nil),
                place: place, quoteConsent: quote, now: now, on: tx)
            if let savedToken { try await SavedForms.delete(savedToken, on: tx) }
            if !email.isEmpty {
                try await Outbox.enqueue(
                    Receipt.mail(c, reference: n, lines: lines, to: email, base: req.application.publicURL), kind: Receipt.kind,
                    now: now, on: tx)
            }
            return n
        }
        let thanks = Thanks(
            title: "Thank you: your response is recorded", consultationTitle: c.title,
            consultationHref: SiteURL.consultation(c.id).path, reference: reference, receiptTo: email.isEmpty ? nil : email,
            savedTo: nil, closesOn: c.closesOn.longText, answers: lines)
        return try await req.view.render("consultation-thanks", thanks).encodeResponse(for: req)
    }

    /// The postcode's district (from the pack's postcodes) and small area (from its point).
    static func place(_ code: Postcode?, _ req: Request) async throws -> ResponsePlace {
        guard let code else { return ResponsePlace() }
        let p = try await PostcodePlace.of(code, req)
        return ResponsePlace(postcode: code.text, districtCode: p?.districtCode, areaCode: p?.areaCode)
    }

    @Sendable func resume(_ req: Request) async throws -> Response {
        let c = try await Self.visible(req)
        let token: String = req.queryText("token") ?? ""
        guard let fields = try await SavedForms.fields(token, consultationID: c.id, now: Date(), on: req.db) else {
            throw WebError.gone(
                "This link has expired or was already used. Saved answers are kept until the consultation closes, and go once the response is sent."
            )
        }
        return try await Self.render(req, c, preview: false, fields: fields, problems: [], savedToken: token)
    }
}
