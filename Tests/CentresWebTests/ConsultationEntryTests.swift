import CentresCore
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct ConsultationEntry {
        static let base: [(String, String)] = [
            ("q-who", "staff"), ("q-uses", "yes"), ("q-which", "cc-north"), ("q-postcode", "NR2 2BB"),
        ]

        static func keyed(_ ref: String, views: String, received: SimpleDate) -> [(String, String)] {
            [
                ("channel", "paper"), ("received_on", received.description), ("paper_reference", ref), ("key_twice", "yes"),
            ] + base + [("q-views", views)]
        }

        /// Letters keyed once; paper forms keyed twice by different people, agreeing or settled
        /// field by field; late postal responses after the closing date; identical texts shown.
        @Test(arguments: Engine.all) func staffKeyEveryChannel(engine: Engine) async throws {
            try await withApp(engine) { app in
                let c = try await ConsultationResponding.open(app)
                var ann = try await ProposalOwnership.member(app, "ann@example.org", [.consultationManager], organisation: "NCC")
                var bob = try await ProposalOwnership.member(app, "bob@example.org", [.consultationManager], organisation: "NCC")
                let responses = "/staff/consultations/\(c.id)/responses"
                let new = responses + "/new"
                let today = SimpleDate.today()
                let campaign = "Keep every children's centre in Norfolk open: families depend on them."

                let form = try await ann.open(new)
                #expect(form.status == .ok && form.body.string.contains("name=\"q-views\""))
                let future = try await ann.post(
                    new, [("channel", "letter"), ("received_on", today.adding(days: 2)!.description)] + Self.base)
                #expect(future.status == .badRequest && future.body.string.contains("The date received is in the future"))
                let online = try await ann.post(new, [("channel", "online"), ("received_on", today.description)] + Self.base)
                #expect(online.status == .badRequest && online.body.string.contains("Choose how the response came"))
                let letter = try await ann.post(
                    new, [("channel", "letter"), ("received_on", today.description), ("q-views", campaign)] + Self.base)
                #expect(letter.status == .seeOther)

                // Form 17: keyed by Ann, refused a second time from her, agreed by Bob.
                _ = try await ann.open(new)
                let first = try await ann.post(new, Self.keyed("17", views: "Keep it open", received: today))
                #expect(first.headers.first(name: .location) == responses + "?keyed=17")
                let twice = try await ann.post(new, Self.keyed("17", views: "Keep it open", received: today))
                #expect(twice.status == .conflict && twice.body.string.contains("someone else keys it the second time"))
                #expect(try await ResponseStore.all(c.id, on: app.db).count == 1, "keyed once: not counted")
                _ = try await bob.open(new)
                let agreed = try await bob.post(new, Self.keyed("17", views: "Keep it open", received: today))
                #expect(agreed.status == .seeOther && agreed.headers.first(name: .location)?.contains("recorded=") == true)
                let again = try await bob.post(new, Self.keyed("17", views: "Keep it open", received: today))
                #expect(again.status == .conflict && again.body.string.contains("already counted"))

                // Form 18: the keyings differ in the date and the text; Bob settles them.
                _ = try await ann.post(new, Self.keyed("18", views: "Keep it open <please>", received: today))
                let differs = try await bob.post(new, Self.keyed("18", views: "Keep it opne", received: today.adding(days: -1)!))
                let diffPath = "/staff/consultations/\(c.id)/keyings/18"
                #expect(differs.headers.first(name: .location) == diffPath)
                let diff = try await bob.open(diffPath)
                #expect(diff.body.string.contains("Keep it open &lt;please&gt;") && diff.body.string.contains("Keep it opne"))
                #expect(diff.body.string.contains("name=\"pick-received_on\"") && !diff.body.string.contains("pick-who"))
                let unsettled = try await bob.post(diffPath, [("pick-views", "first")])
                #expect(unsettled.status == .badRequest && unsettled.body.string.contains("every difference"))
                #expect(
                    try await bob.post(diffPath, [("pick-views", "first"), ("pick-received_on", "second")]).status == .seeOther)
                #expect(try await KeyingStore.keyings(c.id, on: app.db).isEmpty)

                let rows = try await ResponseStore.all(c.id, on: app.db)
                #expect(rows.count == 3)
                let users = try await ResponsePages.emails(on: app.db)
                #expect(rows.map { users[$0.enteredBy ?? ""] } == ["ann@example.org", "ann@example.org", "ann@example.org"])
                #expect(
                    rows.map(\.secondKeyedBy).map { $0.flatMap { users[$0] } } == [nil, "bob@example.org", "bob@example.org"])
                #expect(rows.map(\.channel) == ["letter", "paper", "paper"] && rows.map(\.paperReference) == [nil, "17", "18"])
                #expect(rows[2].receivedOn == today.adding(days: -1)!.description)
                #expect(rows[2].decodedAnswers["views"] == .text("Keep it open <please>"))
                #expect(rows[2].decodedAnswers["which"] == .choice("cc-north", other: nil) && rows[2].districtCode != nil)
                let settled = try await AuditLog.entries(recordType: "consultation", recordID: c.id, on: app.db).first
                #expect(settled?.action == "paper form 18 settled" && settled?.actorEmail == "bob@example.org")

                // After the closing date: a letter posted in time is not late; one received after is.
                try await PackStore.sql(app.db).update("consultations").set("opens_on", to: today.adding(days: -20)!.description)
                    .set("closes_on", to: today.adding(days: -3)!.description).where("id", .equal, c.id).run()
                _ = try await ann.open(new)
                for received in [today.adding(days: -4)!, today] {
                    let r = try await ann.post(
                        new,
                        [("channel", "letter"), ("received_on", received.description), ("q-views", campaign.uppercased())]
                            + Self.base)
                    #expect(r.status == .seeOther)
                }
                #expect(try await ResponseStore.all(c.id, on: app.db).suffix(2).map(\.late) == [false, true])

                let list = try await ann.open(responses)
                let html = list.body.string
                #expect(html.contains("Responses with identical text") && html.contains("3 responses:"))
                #expect(html.contains("<strong>late</strong>"))
                let detail = try await ann.open(responses + "/\(rows[1].id)")
                #expect(detail.body.string.contains("Form number") && detail.body.string.contains("bob@example.org"))
                #expect(try await ann.send(.GET, responses + "/999999").status == .notFound)
            }
        }

        /// Two people finishing the second keying of one form at the same moment: it is counted once,
        /// and the other is told so (no server error, no second response, no stray keying).
        @Test(arguments: Engine.all) func simultaneousSecondKeyingsCountTheFormOnce(engine: Engine) async throws {
            try await withApp(engine) { app in
                let c = try await ConsultationResponding.open(app)
                let new = "/staff/consultations/\(c.id)/responses/new"
                let today = SimpleDate.today()
                var keyers: [StaffBrowser] = []
                for name in ["ann", "bob", "cat", "dan", "eve"] {
                    var b = try await ProposalOwnership.member(
                        app, "\(name)@example.org", [.consultationManager], organisation: "NCC")
                    _ = try await b.open(new)
                    keyers.append(b)
                }
                for round in 0..<5 {
                    let ref = "R\(round)"
                    _ = try await keyers[0].post(new, Self.keyed(ref, views: "Same", received: today))
                    let (x, y) = (keyers[1 + round % 2], keyers[3 + round % 2])
                    async let first = x.post(new, Self.keyed(ref, views: "Same", received: today))
                    async let second = y.post(new, Self.keyed(ref, views: "Same", received: today))
                    let statuses = try await [first.status, second.status]
                    #expect(statuses.sorted { $0.code < $1.code } == [.seeOther, .conflict], "round \(round): \(statuses)")
                }
                let rows = try await ResponseStore.all(c.id, on: app.db)
                #expect(rows.map(\.paperReference) == ["R0", "R1", "R2", "R3", "R4"])
                // The loser never reads the keyings after the winner deleted them and so files a
                // fresh first keying of a form already counted.
                #expect(try await KeyingStore.keyings(c.id, on: app.db).isEmpty)
            }
        }

        /// The paper form is made from the same questions: public once launched, staff-only before.
        @Test(arguments: Engine.all) func thePaperFormFollowsTheQuestions(engine: Engine) async throws {
            try await withApp(engine) { app in
                let c = try await ConsultationResponding.open(app)
                let paper = try await app.get("/consultations/\(c.id)/paper-form")
                let html = paper.body.string
                #expect(paper.status == .ok && html.contains("For office use") && html.contains("Have your say by"))
                for q in c.questions {
                    #expect(html.contains(q.text.replacingOccurrences(of: "'", with: "&#39;")))
                }
                #expect(
                    html.contains("Outreach works") && html.contains("Write 1 beside your first choice")
                        && html.contains("Tick all that apply"))
                #expect(html.contains("Answer this only if you answered"))
                try await PackStore.sql(app.db).update("consultations").set("state", to: "draft").where("id", .equal, c.id).run()
                #expect(try await app.get("/consultations/\(c.id)/paper-form").status == .notFound)
                var ann = try await ProposalOwnership.member(app, "ann@example.org", [.consultationManager], organisation: "NCC")
                #expect(try await ann.open("/staff/consultations/\(c.id)/paper-form").status == .ok)
            }
        }
    }
}
