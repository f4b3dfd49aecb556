import CentresCore
import Fluent
import Foundation
import Vapor

/// Staff record responses that came by paper, email, letter, phone and at events, through the
/// same questions as the online form. Each records its channel, the date it was received and
/// who keyed it; paper forms can be keyed twice by different people, with any differences
/// settled before the form counts.
struct ResponseEntryController {
    func register(_ app: Application) {
        let manage = ConsultationStaffController.manage
        let body = ConsultationPublicController.maxBody
        app.staff(.GET, SiteURL.staffConsultationResponses(":id").pathComponents, manage, use: list)
        app.staff(.GET, SiteURL.staffConsultationResponseNew(":id").pathComponents, manage, use: newForm)
        app.staff(
            .POST, SiteURL.staffConsultationResponseNew(":id").pathComponents, manage, body: .collect(maxSize: body), use: enter)
        app.staff(.GET, SiteURL.staffConsultationResponse(":id", ":n").pathComponents, manage, use: show)
        app.staff(.POST, SiteURL.staffConsultationRedact(":id", ":n").pathComponents, manage, body: .collect(maxSize: body)) {
            try await ResponsePages.redact($0)
        }
        app.staff(.GET, SiteURL.staffConsultationKeying(":id", ":ref").pathComponents, manage, use: differences)
        app.staff(.POST, SiteURL.staffConsultationKeying(":id", ":ref").pathComponents, manage, use: settle)
        app.staff(.GET, SiteURL.staffConsultationPaperForm(":id").pathComponents, manage) { req in
            let c = try await ConsultationStaffController.stored(req)
            return try await ConsultationPublicController.paperForm(req, c, back: SiteURL.staffConsultation(c.id).path)
                .encodeResponse(for: req)
        }
    }

    /// The channels staff enter (online responses arrive by themselves).
    static let channels = ResponseChannel.allCases.filter { $0 != .online }

    struct EntryPage: Encodable {
        var title: String
        var csrf: String
        var consultationTitle: String
        var back: String
        var action: String
        var channels: [Option]
        var receivedOn: String
        var paperReference: String
        var keyTwice: Bool
        var quoteConsent: Bool
        var errors: [FieldError]
        var questions: [QuestionView]
        var stage: String
    }

    func renderEntry(
        _ req: Request, _ c: Consultation, fields: [String: [String]], problems: [ConsultationForm.Problem],
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let channel = fields["channel"]?.first ?? ResponseChannel.paper.rawValue
        let page = EntryPage(
            title: "Enter a response", csrf: CSRF.token(req), consultationTitle: c.title,
            back: SiteURL.staffConsultationResponses(c.id).path, action: SiteURL.staffConsultationResponseNew(c.id).path,
            channels: Self.channels.map { Option(value: $0.rawValue, label: $0.label, selected: $0.rawValue == channel) },
            receivedOn: fields["received_on"]?.first ?? SimpleDate.today().description,
            paperReference: fields["paper_reference"]?.first ?? "",
            keyTwice: fields["csrf"] == nil || fields["key_twice"] != nil, quoteConsent: fields["quote_consent"] != nil,
            errors: problems.map { FieldError(field: $0.field, message: $0.message.asSentence) },
            questions: QuestionView.all(c.questions, fields: fields, problems: problems),
            stage: c.stage(on: SimpleDate.today()).label)
        return try await CSRF.render(req, "staff-consultation-entry", page, token: page.csrf, status: status)
    }

    @Sendable func newForm(_ req: Request) async throws -> Response {
        let c = try await ConsultationStaffController.stored(req)
        var fields: [String: [String]] = [:]
        if let channel: String = req.queryText("channel") { fields["channel"] = [channel] }
        return try await renderEntry(req, c, fields: fields, problems: [])
    }

    static let referencePattern = #"^[A-Za-z0-9][A-Za-z0-9/-]{0,39}$"#

    @Sendable func enter(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedFields(req)
        let c = try await ConsultationStaffController.stored(req)
        try form.refuseRepeats(except: ConsultationForm.repeatableFields(c.questions).contains)
        let fields = form.lists
        let me = req.staff!
        let today = SimpleDate.today()
        func refuse(_ problems: [ConsultationForm.Problem], _ status: HTTPStatus = .badRequest) async throws -> Response {
            try await renderEntry(req, c, fields: fields, problems: problems, status: status)
        }
        var problems: [ConsultationForm.Problem] = []
        let channel = (fields["channel"]?.first).flatMap(ResponseChannel.init(rawValue:)).flatMap {
            Self.channels.contains($0) ? $0 : nil
        }
        if channel == nil { problems.append(.init(field: "channel", message: "choose how the response came")) }
        let received = (fields["received_on"]?.first).flatMap(SimpleDate.init)
        if received == nil {
            problems.append(.init(field: "received_on", message: "give the date it was received, as YYYY-MM-DD"))
        }
        let reference = ConsultationForm.clean(fields["paper_reference"]?.first ?? "")
        if !reference.isEmpty, reference.range(of: Self.referencePattern, options: .regularExpression) == nil {
            problems.append(
                .init(field: "paper_reference", message: "a form number is 1 to 40 letters, digits, hyphens and slashes"))
        }
        let keyTwice = channel == .paper && fields["key_twice"] != nil
        if keyTwice && reference.isEmpty {
            problems.append(
                .init(field: "paper_reference", message: "give the number written on the form, to match its two keyings"))
        }
        var late = false
        if let channel, let received {
            switch c.intake(channel, receivedOn: received, today: today) {
            case .accepted(let l): late = l
            case .refused(let why): problems.append(.init(field: "received_on", message: why))
            }
        }
        var answers: [String: ConsultationAnswer] = [:]
        switch ConsultationForm.read(c.questions, fields: fields) {
        case .failure(let p): problems += p.all
        case .success(let a): answers = a
        }
        guard problems.isEmpty, let channel, let received else { return try await refuse(problems) }
        let place = try await ConsultationPublicController.place(ResponseStore.postcode(c, answers), req)
        let consent = fields["quote_consent"] != nil
        let responses = SiteURL.staffConsultationResponses(c.id).path
        if keyTwice {
            let keying = Keying(receivedOn: received, quoteConsent: consent, answers: answers)
            switch try await KeyingStore.key(
                c, reference: reference, keying: keying, late: late, place: place, by: me.id, now: Date(), on: req.db)
            {
            case .refused(let why): return try await refuse([.init(field: "paper_reference", message: why)], .conflict)
            case .waiting: return req.redirect(to: responses + "?keyed=" + reference, redirectType: .normal)
            case .accepted(let n): return req.redirect(to: responses + "?recorded=\(n)", redirectType: .normal)
            case .differs: return req.redirect(to: SiteURL.staffConsultationKeying(c.id, reference).path, redirectType: .normal)
            }
        }
        if !reference.isEmpty, let n = try await KeyingStore.responseNumber(c.id, reference: reference, on: req.db) {
            return try await refuse(
                [.init(field: "paper_reference", message: "form \(reference) is already counted, as response \(n)")], .conflict)
        }
        let n = try await ResponseStore.insert(
            c, answers: answers,
            intake: ResponseIntake(
                channel: channel, receivedOn: received, late: late, enteredBy: me.id,
                paperReference: reference.isEmpty ? nil : reference), place: place, quoteConsent: consent, now: Date(),
            on: req.db)
        return req.redirect(to: responses + "?recorded=\(n)", redirectType: .normal)
    }

    struct DifferenceRow: Encodable { var field: String, label: String, first: String, second: String }
    struct DifferencesPage: Encodable {
        var title: String
        var csrf: String
        var back: String
        var action: String
        var firstBy: String
        var secondBy: String
        var rows: [DifferenceRow]
        var errors: [FieldError]
    }

    static func keyingPair(_ req: Request, _ c: Consultation) async throws -> (String, KeyingRow, KeyingRow) {
        let ref = req.parameters.get("ref") ?? ""
        let rows = try await KeyingStore.keyings(c.id, reference: ref, on: req.db)
        guard rows.count == 2 else { throw WebError.notFound(what: "pair of differing keyings of form", id: ref) }
        return (ref, rows[0], rows[1])
    }

    func renderDifferences(_ req: Request, _ c: Consultation, errors: [FieldError], status: HTTPStatus = .ok) async throws
        -> Response
    {
        let (ref, a, b) = try await Self.keyingPair(req, c)
        let emails = try await ResponsePages.emails(on: req.db)
        let rows = DoubleKeying.differences(c.questions, a.keying, b.keying).map { field -> DifferenceRow in
            switch field {
            case DoubleKeying.receivedField:
                return DifferenceRow(field: field, label: "Date received", first: a.receivedOn, second: b.receivedOn)
            case DoubleKeying.consentField:
                return DifferenceRow(
                    field: field, label: "May quote", first: a.quoteConsent ? "Yes" : "No", second: b.quoteConsent ? "Yes" : "No")
            default:
                let i = c.questions.firstIndex { $0.id == field } ?? 0
                let q = c.questions[i]
                return DifferenceRow(
                    field: field, label: "\(i + 1). \(q.text)", first: Receipt.text(q, a.keying.answers[field]),
                    second: Receipt.text(q, b.keying.answers[field]))
            }
        }
        let page = DifferencesPage(
            title: "Form \(ref): the two keyings differ", csrf: CSRF.token(req),
            back: SiteURL.staffConsultationResponses(c.id).path,
            action: SiteURL.staffConsultationKeying(c.id, ref).path, firstBy: emails[a.keyedBy] ?? a.keyedBy,
            secondBy: emails[b.keyedBy] ?? b.keyedBy, rows: rows, errors: errors)
        return try await CSRF.render(req, "staff-consultation-keying", page, token: page.csrf, status: status)
    }

    @Sendable func differences(_ req: Request) async throws -> Response {
        try await renderDifferences(req, try await ConsultationStaffController.stored(req), errors: [])
    }

    @Sendable func settle(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let c = try await ConsultationStaffController.stored(req)
        let (ref, a, b) = try await Self.keyingPair(req, c)
        var picks: [String: DoubleKeying.Pick] = [:]
        for (k, v) in form.values where k.hasPrefix("pick-") { picks[String(k.dropFirst(5))] = DoubleKeying.Pick(rawValue: v) }
        let settled: Keying
        switch DoubleKeying.settle(c.questions, a.keying, b.keying, picks: picks) {
        case .failure(let e):
            return try await renderDifferences(
                req, c, errors: [FieldError(field: "differences", message: e.message.asSentence)], status: .badRequest
            )
        case .success(let k): settled = k
        }
        let today = SimpleDate.today()
        guard case .accepted(let late) = c.intake(.paper, receivedOn: settled.receivedOn, today: today) else {
            return try await renderDifferences(
                req, c, errors: [FieldError(field: "differences", message: "The consultation no longer takes this response.")],
                status: .conflict)
        }
        let place = try await ConsultationPublicController.place(ResponseStore.postcode(c, settled.answers), req)
        let me = AuditActor(req.staff!), now = Date()
        let changes = DoubleKeying.differences(c.questions, a.keying, b.keying).map {
            AuditChange(field: $0, from: nil, to: picks[$0] == .first ? "first keying" : "second keying")
        }
        let n = try await req.db.transaction { tx in
            try await Racing.takeTurns("consultations", id: c.id, on: tx)
            guard try await KeyingStore.keyings(c.id, reference: ref, on: tx).count == 2 else {
                throw WebError.conflict("Someone else settled form \(ref) first.")
            }
            let n = try await ResponseStore.insert(
                c, answers: settled.answers,
                intake: ResponseIntake(
                    channel: .paper, receivedOn: settled.receivedOn, late: late, enteredBy: a.keyedBy, secondKeyedBy: b.keyedBy,
                    paperReference: ref), place: place, quoteConsent: settled.quoteConsent, now: now, on: tx)
            try await KeyingStore.delete(c.id, reference: ref, on: tx)
            try await AuditLog.record(
                "consultation", c.id, action: "paper form \(ref) settled", changes: changes, by: me, note: "response \(n)",
                now: now,
                on: tx)
            return n
        }
        return req.redirect(to: SiteURL.staffConsultationResponses(c.id).path + "?recorded=\(n)", redirectType: .normal)
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        try await ResponsePages.list(req)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await ResponsePages.show(req)
    }
}
