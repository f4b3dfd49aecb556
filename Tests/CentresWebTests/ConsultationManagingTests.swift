import CentresCore
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct ConsultationManaging {
        static func fields(
            _ title: String, opens: SimpleDate, closes: SimpleDate, channels: String = "Write to: <Freepost> CENTRES"
        )
            -> [(String, String)]
        {
            [
                ("title", title), ("purpose", "Norfolk proposes fewer bases and more outreach."),
                ("who_is_consulted", "Families with children under five"), ("opens_on", opens.description),
                ("closes_on", closes.description), ("other_channels", channels), ("proposal_id", "small-plan"),
                ("documents", "The proposal | /proposals/small-plan\nEquality assessment | https://example.org/eqia.pdf"),
            ]
        }

        /// One question of every type, through the editor's plain forms.
        static let questions: [[(String, String)]] = [
            [("text", "Who are you responding as?"), ("kind", "respondent-type"), ("required", "yes")],
            [
                ("text", "Do you use a children's centre?"), ("kind", "single-choice"), ("options", "Yes\nNo"),
                ("required", "yes"),
            ],
            [("text", "Which one?"), ("kind", "centre"), ("show_if", "q2=yes")],
            [
                ("text", "What do you use?"), ("kind", "multiple-choice"), ("options", "Stay and play\nHealth visitor\nAdvice"),
                ("other", "yes"),
            ],
            [("text", "We should keep fewer bases"), ("kind", "agreement")],
            [("text", "Rank what matters"), ("kind", "ranking"), ("options", "Distance\nOpening hours\nStaff")],
            [("text", "Your postcode"), ("kind", "postcode")],
            [("text", "How far do you agree"), ("kind", "matrix"), ("options", "Outreach works\nLibraries are suitable")],
            [("text", "Anything else?"), ("kind", "long-text"), ("help", "Tell us in your own words.")],
            [("text", "Your organisation"), ("kind", "short-text")],
        ]

        /// Created, written question by question, previewed, refused launch until whole, launched,
        /// taken back, launched again, closed by date and published; each step audited, each
        /// only by a consultation manager.
        @Test(arguments: Engine.all) func aManagerWritesLaunchesAndPublishes(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                var manager = try await ProposalOwnership.member(
                    app, "cm@example.org", [.consultationManager], organisation: "Norfolk County Council")
                var planner = try await ProposalOwnership.member(
                    app, "planner@example.org", [.planner], organisation: "Norfolk County Council")
                #expect(try await planner.send(.GET, "/staff/consultations").status == .forbidden)

                let today = SimpleDate.today()
                _ = try await manager.open("/staff/consultations/new")
                let backwards = try await manager.post(
                    "/staff/consultations/new", Self.fields("Back to front", opens: today.adding(days: 5)!, closes: today))
                #expect(
                    backwards.status == .badRequest
                        && backwards.body.string.contains("The closing date is before the opening date"))
                let badDoc = try await manager.post(
                    "/staff/consultations/new",
                    Self.fields("Docs", opens: today, closes: today.adding(days: 10)!).filter { $0.0 != "documents" }
                        + [("documents", "no bar here")])
                #expect(badDoc.status == .badRequest && badDoc.body.string.contains("Documents, line 1"))
                let made = try await manager.post(
                    "/staff/consultations/new",
                    Self.fields(
                        "Children's <centres> 2026", opens: today.adding(days: 3)!, closes: today.adding(days: 40)!, channels: "")
                )
                #expect(made.status == .seeOther)
                let path = try #require(made.headers.first(name: .location))
                let id = String(path.dropFirst("/staff/consultations/".count))
                #expect(try await app.get("/consultations/\(id)").status == .notFound, "a draft is not public")

                for q in Self.questions {
                    _ = try await manager.open(path + "/questions/new")
                    let saved = try await manager.post(path + "/questions/new", q)
                    #expect(saved.status == .seeOther, "\(q): \(saved.body.string.prefix(300))")
                }
                var c = try #require(try await ConsultationStore.find(id, on: app.db))
                #expect(c.questions.map(\.id) == (1...10).map { "q\($0)" })
                #expect(c.questions[1].options.map(\.value) == ["yes", "no"])
                #expect(c.questions[2].showIf == .init(questionID: "q2", value: "yes"))
                #expect(
                    c.questions[2].options.map(\.label).contains("North Children's Centre")
                        && c.questions[2].options.last?.value == "none")
                #expect(c.questions[3].kind == .multipleChoice(options: c.questions[3].options, other: true))
                #expect(c.documents.count == 2 && c.documents[0].url == "/proposals/small-plan")

                // The editor refuses what would break the list, and says why.
                let empty = try await manager.post(
                    path + "/questions/new", [("text", "Pick"), ("kind", "ranking"), ("options", "Only one")])
                #expect(empty.status == .badRequest && empty.body.string.contains("at least two options"))
                let stranded = try await manager.post(
                    path + "/questions/q2",
                    [("text", "Do you use a children's centre?"), ("kind", "single-choice"), ("options", "Often\nNever")])
                #expect(stranded.status == .conflict && stranded.body.string.contains("which it does not offer"))
                #expect(try await manager.post(path + "/questions/q2/remove", []).status == .conflict, "q3 depends on it")
                #expect(try await manager.post(path + "/questions/q3/move", [("direction", "up")]).status == .conflict)
                #expect(try await manager.post(path + "/questions/q5/move", [("direction", "up")]).status == .seeOther)
                c = try #require(try await ConsultationStore.find(id, on: app.db))
                #expect(Array(c.questions.map(\.id)[3...4]) == ["q5", "q4"])
                let relabelled = try await manager.post(
                    path + "/questions/q4",
                    [
                        ("text", "What do you use?"), ("kind", "multiple-choice"),
                        ("options", "Stay and play\nHealth visitors\nAdvice"),
                    ])
                #expect(relabelled.status == .seeOther)
                c = try #require(try await ConsultationStore.find(id, on: app.db))
                let q4 = try #require(c.questions.first { $0.id == "q4" })
                #expect(
                    q4.options.map(\.value) == ["stay-and-play", "health-visitors", "advice"],
                    "unchanged labels keep their values")

                let preview = try await manager.open(path + "/preview")
                let html = preview.body.string
                if preview.status != .ok { Issue.record("\(html.prefix(2000))") }
                #expect(preview.status == .ok && html.contains("Preview.") && !html.contains("Send my response"))
                #expect(html.contains("name=\"q-q6-rank-distance\"") && html.contains("name=\"q-q8-row-outreach-works\""))
                #expect(
                    html.contains("Answer this only if you answered &#39;Yes&#39; to question 2")
                )
                #expect(html.contains("Children&#39;s &lt;centres&gt; 2026"))

                let refused = try await manager.post(path + "/state", [("action", "launch")])
                #expect(refused.status == .conflict && refused.body.string.contains("how people can respond other than online"))
                _ = try await manager.open(path)
                #expect(
                    try await manager.post(
                        path,
                        Self.fields("Children's centres 2026", opens: today.adding(days: 3)!, closes: today.adding(days: 40)!)
                    ).status == .seeOther)
                #expect(try await manager.post(path + "/state", [("action", "launch")]).status == .seeOther)
                let scheduled = try await app.get("/consultations/\(id)")
                #expect(scheduled.status == .ok && scheduled.body.string.contains("Responses can be sent from"))
                #expect(try await app.get("/consultations").body.string.contains("href=\"/consultations/\(id)\""))
                _ = try await manager.open(path)
                #expect(
                    try await manager.post(path + "/questions/new", Self.questions[0]).status == .conflict, "launched: locked")
                #expect(
                    try await manager.post(
                        path + "/state", [("action", "publish"), ("what_we_heard", "x"), ("what_we_did", "y")]
                    ).status == .conflict)
                #expect(try await manager.post(path + "/state", [("action", "unlaunch")]).status == .seeOther)
                #expect(try await app.get("/consultations/\(id)").status == .notFound)
                #expect(try await manager.post(path + "/state", [("action", "launch")]).status == .seeOther)

                // Its closing date passes: publish the results.
                try await PackStore.sql(app.db).update("consultations").set("opens_on", to: today.adding(days: -30)!.description)
                    .set("closes_on", to: today.adding(days: -1)!.description).where("id", .equal, id).run()
                _ = try await manager.open(path)
                let blank = try await manager.post(
                    path + "/state", [("action", "publish"), ("what_we_heard", " "), ("what_we_did", "y")])
                #expect(blank.status == .conflict && blank.body.string.contains("Say what was heard and what was done"))
                let published = try await manager.post(
                    path + "/state",
                    [
                        ("action", "publish"), ("what_we_heard", "Families valued <outreach>."),
                        ("what_we_did", "Kept 15 bases."),
                        ("revised_proposal_id", "small-network"),
                    ])
                #expect(published.status == .seeOther)
                let page = try await app.get("/consultations/\(id)").body.string
                #expect(page.contains("Families valued &lt;outreach&gt;.") && page.contains("href=\"/proposals/small-network\""))
                #expect(!page.contains("Send my response"))

                let history = try await AuditLog.entries(recordType: "consultation", recordID: id, on: app.db).map(\.action)
                #expect(history.first == "results published" && history.last == "created")
                #expect(history.filter { $0 == "question added" }.count == 10 && history.contains("question moved"))
                #expect(history.filter { $0 == "launched" }.count == 2 && history.contains("taken back to a draft"))
            }
        }
    }
}
