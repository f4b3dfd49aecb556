import CentresCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The staff's view of a consultation's responses: every response with its channel, date
/// received and who keyed it; paper forms waiting for a second keying or with differences to
/// settle; and responses with identical text (campaigns), shown and never removed.
enum ResponsePages {
    /// Staff accounts' email addresses by id, to say who keyed what.
    static func emails(on db: any Database) async throws -> [String: String] {
        struct U: Decodable { var id: String, email: String }
        let rows = try await PackStore.sql(db).select().columns("id", "email").from("users").all(decoding: U.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.email) })
    }

    struct Row: Encodable {
        var number: Int, href: String, channel: String, receivedOn: String, late: Bool, keyedBy: String, reference: String?
        var respondentType: String?
    }
    struct Waiting: Encodable { var reference: String, keyedBy: String, keyedAt: String, href: String?, status: String }
    struct Group: Encodable { var count: Int, text: String, responses: [PageLink] }
    struct Page: Encodable {
        var title: String
        var back: String
        var newHref: String
        var paperFormHref: String
        var notice: String?
        var total: Int
        var byChannel: [KeyFigure]
        var rows: [Row]
        var waiting: [Waiting]
        var groups: [Group]
    }

    /// Responses whose free text (every coding target's text, joined) is the same: shown on the
    /// responses page and counted in the report, never removed.
    static func identicalGroups(_ c: Consultation, _ responses: [ResponseRow]) -> [IdenticalText.Group] {
        let targets = CodingTarget.all(c.questions)
        return IdenticalText.groups(
            responses.map { r in
                let answers = r.decodedAnswers
                return (String(r.id), targets.compactMap { $0.text(in: answers) }.joined(separator: "\n"))
            })
    }

    static func list(_ req: Request) async throws -> Response {
        let c = try await ConsultationStaffController.stored(req)
        let responses = try await ResponseStore.all(c.id, on: req.db)
        let keyings = try await KeyingStore.keyings(c.id, on: req.db)
        let emails = try await emails(on: req.db)
        let types = Dictionary(uniqueKeysWithValues: RespondentType.allCases.map { ($0.rawValue, $0.label) })
        func who(_ r: ResponseRow) -> String {
            guard let first = r.enteredBy else { return "the respondent, online" }
            let one = emails[first] ?? first
            return r.secondKeyedBy.map { "\(one) and \(emails[$0] ?? $0)" } ?? one
        }
        let rows = responses.map { r in
            Row(
                number: r.id, href: SiteURL.staffConsultationResponse(c.id, String(r.id)).path,
                channel: ResponseChannel(rawValue: r.channel)?.label ?? r.channel, receivedOn: r.receivedOn, late: r.late,
                keyedBy: who(r), reference: r.paperReference, respondentType: r.respondentType.map { types[$0] ?? $0 })
        }
        let byForm: [String: [KeyingRow]] = Dictionary(grouping: keyings, by: \.paperReference)
        var waiting: [Waiting] = []
        for ref in byForm.keys.sorted() {
            let ks = byForm[ref]!
            let names: [String] = ks.map { emails[$0.keyedBy] ?? $0.keyedBy }
            let differs = ks.count == 2
            waiting.append(
                Waiting(
                    reference: ref, keyedBy: names.joined(separator: " and "), keyedAt: ks[0].keyedAt,
                    href: differs ? SiteURL.staffConsultationKeying(c.id, ref).path : nil,
                    status: differs ? "The two keyings differ: settle them" : "Keyed once: waiting for someone else to key it"))
        }
        let groups = identicalGroups(c, responses).map { g in
            Group(
                count: g.responseIDs.count, text: g.text,
                responses: g.responseIDs.map {
                    PageLink(label: $0, href: SiteURL.staffConsultationResponse(c.id, $0).path, current: false)
                })
        }
        var notice: String?
        if let n = try req.queryNumber("recorded") { notice = "Recorded as response \(n)." }
        if let ref: String = req.queryText("keyed") {
            notice = "Form \(ref) is keyed once. It counts when someone else keys it again and the two agree."
        }
        let page = Page(
            title: "Responses: \(c.title)", back: SiteURL.staffConsultation(c.id).path,
            newHref: SiteURL.staffConsultationResponseNew(c.id).path,
            paperFormHref: SiteURL.staffConsultationPaperForm(c.id).path,
            notice: notice, total: responses.count,
            byChannel: ResponseStore.channelFigures(responses), rows: rows, waiting: waiting, groups: groups)
        return try await req.view.render("staff-consultation-responses", page).encodeResponse(for: req)
    }

    struct Detail: Encodable {
        var title: String
        var csrf: String
        var back: String
        var meta: [KeyFigure]
        var answers: [ReceiptLine]
        var redactAction: String
        var textQuestions: [Option]
        var redacted: Bool
    }

    static func show(_ req: Request) async throws -> Response {
        let c = try await ConsultationStaffController.stored(req)
        let raw = req.parameters.get("n") ?? ""
        guard let n = Int(raw), let r = try await ResponseStore.find(n, consultationID: c.id, on: req.db) else {
            throw WebError.notFound(what: "response", id: raw)
        }
        let emails = try await emails(on: req.db)
        var meta = [
            KeyFigure(label: "Channel", value: ResponseChannel(rawValue: r.channel)?.label ?? r.channel),
            KeyFigure(label: "Received", value: r.receivedOn + (r.late ? " (late: after the closing date)" : "")),
            KeyFigure(
                label: "Keyed by",
                value: r.enteredBy.map { e in
                    (emails[e] ?? e) + (r.secondKeyedBy.map { " and, a second time, \(emails[$0] ?? $0)" } ?? "")
                } ?? "The respondent, online"),
            KeyFigure(label: "May be quoted", value: r.quoteConsent ? "Yes, without their name" : "No"),
        ]
        if let ref = r.paperReference { meta.insert(KeyFigure(label: "Form number", value: ref), at: 1) }
        let answers = r.decodedAnswers
        let page = Detail(
            title: "Response \(r.id)", csrf: CSRF.token(req), back: SiteURL.staffConsultationResponses(c.id).path, meta: meta,
            answers: Receipt.lines(c, answers), redactAction: SiteURL.staffConsultationRedact(c.id, String(r.id)).path,
            textQuestions: CodingController.textQuestions(c).compactMap { n, q in
                guard case .text = answers[q.id] else { return nil }
                return Option(value: q.id, label: "\(n). \(q.text)", selected: false)
            }, redacted: req.queryText("redacted") != nil)
        return try await CSRF.render(req, "staff-consultation-response", page, token: page.csrf)
    }

    /// Replaces one free-text answer with the same text with personal details taken out (a
    /// respondent who wrote their child's name, say). The audit log records that it happened,
    /// by whom and to which answer, but not the words removed.
    static func redact(_ req: Request) async throws -> Response {
        let form = try CSRF.verifiedForm(req)
        let c = try await ConsultationStaffController.stored(req)
        let raw = req.parameters.get("n") ?? ""
        guard let n = Int(raw), let r = try await ResponseStore.find(n, consultationID: c.id, on: req.db) else {
            throw WebError.notFound(what: "response", id: raw)
        }
        let qid = form["question"] ?? ""
        var answers = r.decodedAnswers
        guard let q = CodingController.textQuestions(c).first(where: { $0.question.id == qid }), case .text = answers[qid] else {
            throw WebError.badRequest(field: "question", message: "choose one of this response's free-text answers")
        }
        let text = ConsultationForm.clean(form["text"] ?? "")
        guard !text.isEmpty, text.count <= ConsultationQuestion.longLimit else {
            throw WebError.badRequest(
                field: "text", message: "give the answer as it should read, with the personal details taken out")
        }
        answers[qid] = .text(text)
        let now = Date(), actor = AuditActor(req.staff!), stored = ConsultationStore.json(answers)
        try await req.db.transaction { tx in
            try await PackStore.sql(tx).update("consultation_responses").set("answers", to: stored)
                .where("id", .equal, n).run()
            try await AuditLog.record(
                "consultation", c.id, action: "personal details removed from an answer",
                changes: [AuditChange(field: "response \(n), question \(q.number)", from: nil, to: "redacted")], by: actor,
                now: now,
                on: tx)
        }
        return req.redirect(to: SiteURL.staffConsultationResponse(c.id, raw).path + "?redacted=1", redirectType: .normal)
    }
}
