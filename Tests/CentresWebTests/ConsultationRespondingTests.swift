import CentresCore
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct ConsultationResponding {
        static let questions: [ConsultationQuestion] = [
            .init(id: "who", text: "Who are you responding as?", kind: .respondentType, required: true),
            .init(
                id: "uses", text: "Do you use a centre?",
                kind: .singleChoice(options: [.init("yes", "Yes"), .init("no", "No")], other: false), required: true),
            .init(
                id: "which", text: "Which one?", kind: .centre(options: [.init("cc-north", "North"), .init("none", "None")]),
                showIf: .init(questionID: "uses", value: "yes")),
            .init(
                id: "what", text: "What do you use?",
                kind: .multipleChoice(options: [.init("play", "Play"), .init("advice", "Advice")], other: true)),
            .init(id: "postcode", text: "Your postcode", kind: .postcode),
            .init(id: "views", text: "Your views", kind: .longText),
            .init(id: "rank", text: "Rank these", kind: .ranking(options: [.init("near", "Near"), .init("open", "Open late")])),
            .init(
                id: "grid", text: "Agree?",
                kind: .matrix(rows: [.init("outreach", "Outreach works"), .init("libraries", "Libraries suit")])),
        ]

        /// An open consultation on the small pack's "One base" proposal: opened 5 days ago, closing in 30 days.
        static func open(_ app: Application, id: String = "cc-2026") async throws -> Consultation {
            _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
            let today = SimpleDate.today()
            var c = Consultation(
                id: id, proposalID: "small-plan", title: "Children's centres 2026", purpose: "Fewer bases, more outreach.",
                whoIsConsulted: "Families", opensOn: today.adding(days: -5)!, closesOn: today.adding(days: 30)!,
                otherChannels: "Freepost CENTRES", questions: questions)
            c.state = .launched
            try await ConsultationStore.insert(c, by: AuditActor(id: nil, email: "test"), now: Date(), on: app.db)
            return c
        }

        static let answers: [(String, String)] = [
            ("q-who", "parent-carer"), ("q-uses", "no"), ("q-which", "cc-north"), ("q-what", "play"), ("q-what", "other"),
            ("q-what-other", "Toy library <b>"), ("q-postcode", "nr1 1aa"),
            ("q-views", "=HYPERLINK(\"x\") <script>alert(1)</script>\nSecond line"),
            ("q-rank-rank-near", "2"), ("q-rank-rank-open", "1"), ("q-grid-row-outreach", "agree"),
        ]

        /// The page with the proposal's impact and the postcode panel; a response with problems
        /// shown by field; a good one stored whole with its place and a receipt mailed; online
        /// responses refused once it closes.
        @Test(arguments: Engine.all) func aParentRespondsOnline(engine: Engine) async throws {
            try await withApp(engine) { app in
                let c = try await Self.open(app)
                var parent = FormSession(app: app)
                let page = try await parent.open("/consultations/\(c.id)")
                #expect(page.status == .ok)
                let html = page.body.string
                #expect(html.contains("What the proposal would change") && html.contains("Average time to the nearest open base"))
                #expect(html.contains("By deprivation (IMD 2019 quintile)") && html.contains("<svg"))
                #expect(html.contains("name=\"q-grid-row-outreach\"") && html.contains("Send my response"))
                let panel = try await app.get("/consultations/\(c.id)?postcode=NR1%201AA").body.string
                #expect(panel.contains("Nearest open base today and under the proposal") && panel.contains("One base"))

                #expect(
                    try await parent.post("/consultations/\(c.id)/respond", Self.answers, csrf: "forged").status == .forbidden)
                let missing = try await parent.post("/consultations/\(c.id)/respond", [("q-views", "Only this <i>")])
                let again = missing.body.string
                #expect(
                    missing.status == .badRequest && again.contains("href=\"#q-who\"") && again.contains("Answer this question."))
                #expect(again.contains("Only this &lt;i&gt;"), "what was typed comes back, escaped")

                let sent = try await parent.post(
                    "/consultations/\(c.id)/respond",
                    Self.answers + [("quote_consent", "yes"), ("receipt_email", "Parent@Example.org")])
                #expect(sent.status == .ok && sent.body.string.contains("Your response number is"))
                let rows = try await ResponseStore.all(c.id, on: app.db)
                let r = try #require(rows.first)
                #expect(rows.count == 1 && r.channel == "online" && !r.late && r.enteredBy == nil && r.quoteConsent)
                #expect(r.respondentType == "parent-carer" && r.postcode == "NR1 1AA" && r.districtCode != nil)
                let a = r.decodedAnswers
                #expect(a["which"] == nil, "not asked when the answer to 'uses' is no")
                #expect(a["what"] == .choices(["play", "other"], other: "Toy library <b>"))
                #expect(a["views"] == .text("=HYPERLINK(\"x\") <script>alert(1)</script>\nSecond line"))
                #expect(a["rank"] == .ranking(["open", "near"]) && a["grid"] == .matrix(["outreach": "agree"]))
                let receipt = try #require(try await Outbox.all(on: app.db).first { $0.kind == Receipt.kind })
                #expect(receipt.toAddress == "parent@example.org" && receipt.subject.contains("number \(r.id)"))
                #expect(receipt.body.contains("Play; Other: Toy library <b>") && receipt.body.contains("1. Open late; 2. Near"))
                #expect(receipt.body.contains("Outreach works: Agree"))

                // Sent once: the receipt's copy of the answers goes from the outbox.
                _ = try await Outbox.deliverDue(now: Date(), transport: MailTransport { _ in }, on: app.db, logger: app.logger)
                #expect(try await Outbox.all(on: app.db).first { $0.kind == Receipt.kind }?.body == Outbox.removedPersonalBody)

                try await PackStore.sql(app.db).update("consultations")
                    .set("closes_on", to: SimpleDate.today().adding(days: -1)!.description).where("id", .equal, c.id).run()
                #expect(try await parent.post("/consultations/\(c.id)/respond", Self.answers).status == .gone)
                let closed = try await app.get("/consultations/\(c.id)").body.string
                #expect(closed.contains("online responses are no longer taken") && !closed.contains("Send my response"))
                #expect(try await ResponseStore.all(c.id, on: app.db).count == 1)
            }
        }

        /// Saving sends a link (the address is not kept); the link brings the answers back; sending
        /// the response deletes them, so the link no longer works.
        @Test(arguments: Engine.all) func answersAreSavedAndResumedByEmailedLink(engine: Engine) async throws {
            try await withApp(engine) { app in
                let c = try await Self.open(app)
                var parent = FormSession(app: app)
                _ = try await parent.open("/consultations/\(c.id)")
                let partial = [("q-views", "Half written <em>thoughts</em>"), ("intent", "save")]
                let noEmail = try await parent.post("/consultations/\(c.id)/respond", partial)
                #expect(noEmail.status == .badRequest && noEmail.body.string.contains("Email address"))
                let saved = try await parent.post(
                    "/consultations/\(c.id)/respond", partial + [("receipt_email", "later@example.org")])
                #expect(saved.status == .ok && saved.body.string.contains("We have emailed a link to later@example.org"))
                #expect(try await ResponseStore.all(c.id, on: app.db).isEmpty, "saving is not responding")
                let mail = try #require(try await Outbox.all(on: app.db).first { $0.kind == SavedForms.mailKind })
                let link = try #require(mail.body.split(separator: "\n").first { $0.contains("/saved?token=") })
                let path = String(link[link.range(of: "/consultations/")!.lowerBound...])
                let token = String(path[path.range(of: "token=")!.upperBound...])

                let resumed = try await parent.open(path)
                #expect(resumed.status == .ok && resumed.body.string.contains("Half written &lt;em&gt;thoughts&lt;/em&gt;"))
                #expect(resumed.body.string.contains("name=\"saved_token\" value=\"\(token)\""))
                #expect(try await app.get("/consultations/\(c.id)/saved?token=wrong").status == .gone)
                let sent = try await parent.post(
                    "/consultations/\(c.id)/respond", Self.answers + [("saved_token", token), ("intent", "send")])
                #expect(sent.status == .ok)
                #expect(try await app.get(path).status == .gone, "used: the saved answers are gone")
                #expect(try await ResponseStore.all(c.id, on: app.db).count == 1)
            }
        }
    }
}
