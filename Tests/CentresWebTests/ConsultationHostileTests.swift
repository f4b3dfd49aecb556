import CentresCore
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct ConsultationHostileInput {
        static let h = Fixtures.hostile
        static let formula = "=cmd|' /C calc'!A0"

        static func isEscaped(_ html: String) -> Bool {
            !html.contains("<script>alert") && !html.contains("<b>bold</b>") && !html.contains("'!A0<")
        }

        /// Markup and formulas typed into every free-text field a manager, a respondent and an
        /// analyst have: every page shows them as text, the exports write formulas as text.
        @Test(arguments: Engine.all) func hostileTextInEveryFieldStaysText(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(Fixtures.smallPack(), into: app.db, replace: false)
                var m = try await ProposalOwnership.member(app, "m@example.org", [.consultationManager], organisation: "NCC")
                let today = SimpleDate.today()
                _ = try await m.open("/staff/consultations/new")
                let made = try await m.post(
                    "/staff/consultations/new",
                    [
                        ("title", "Title " + Self.h), ("purpose", Self.h), ("who_is_consulted", Self.h),
                        ("opens_on", today.description),
                        ("closes_on", today.adding(days: 20)!.description), ("other_channels", Self.h),
                        ("documents", "Doc \(Self.h) | https://example.org/a?b=<c>"),
                    ])
                let path = try #require(made.headers.first(name: .location))
                let id = String(path.dropFirst("/staff/consultations/".count))
                let kinds: [(String, String)] = [
                    ("short-text", ""), ("long-text", ""), ("single-choice", "Yes\n" + Self.h),
                    ("multiple-choice", Self.h + "\nOther thing"),
                    ("ranking", "A " + Self.h + "\nB"), ("matrix", "Row " + Self.h), ("agreement", ""), ("postcode", ""),
                    ("respondent-type", ""), ("centre", ""),
                ]
                for (kind, options) in kinds {
                    _ = try await m.open(path + "/questions/new")
                    let r = try await m.post(
                        path + "/questions/new",
                        [("text", "\(kind) " + Self.h), ("help", Self.h), ("kind", kind), ("options", options), ("other", "yes")])
                    #expect(r.status == .seeOther, "\(kind)")
                }
                var pages = [
                    try await m.open(path), try await m.open(path + "/questions/q1"), try await m.open(path + "/preview"),
                ]
                _ = try await m.open(path)
                #expect(try await m.post(path + "/state", [("action", "launch")]).status == .seeOther)
                let c = try #require(try await ConsultationStore.find(id, on: app.db))

                var parent = FormSession(app: app)
                pages.append(try await parent.open("/consultations/\(id)"))
                let single = try #require(c.questions[2].options.first { $0.label == Self.h }?.value)
                var answers: [(String, String)] = [
                    ("q-q1", Self.h), ("q-q2", Self.formula + " " + Self.h), ("q-q3", single), ("q-q4", "other"),
                    ("q-q4-other", Self.h),
                ]
                pages.append(
                    try await parent.post("/consultations/\(id)/respond", answers + [("q-q8", "not a postcode <b>bold</b>")]))
                #expect(pages.last?.status == .badRequest)
                answers.append(("quote_consent", "yes"))
                pages.append(try await parent.post("/consultations/\(id)/respond", answers))
                #expect(pages.last?.status == .ok)
                pages.append(try await app.get("/consultations/\(id)/paper-form"))

                let base = "/staff/consultations/\(id)"
                _ = try await m.open(base + "/coding")
                _ = try await m.post(base + "/codes", [("label", "Code " + Self.h.prefix(60)), ("description", Self.h)])
                for p in [
                    "/responses", "/responses/1", "/results", "/results?by=type", "/results?by=district", "/results?by=decile",
                    "/results?by=channel", "/coding", "/coding/q1", "/coding/q2", "/coding/q4-other", "/report",
                ] {
                    pages.append(try await m.open(base + p))
                }
                let rows = try await ResponseStore.all(id, on: app.db)
                let n = try #require(rows.first?.id)
                let codes = try await CodingStore.codes(id, on: app.db)
                _ = try await m.open(base + "/coding/q2")
                _ = try await m.post(
                    base + "/coding/q2", [("shown", String(n)), ("tag-\(n)", String(codes[0].id)), ("quote-\(n)", "yes")])
                pages.append(try await m.open(base + "/report"))
                #expect(pages.last?.body.string.contains("<blockquote") == true)

                try await PackStore.sql(app.db).update("consultations").set("opens_on", to: today.adding(days: -9)!.description)
                    .set("closes_on", to: today.adding(days: -1)!.description).where("id", .equal, id).run()
                _ = try await m.open(path)
                let published = try await m.post(
                    path + "/state", [("action", "publish"), ("what_we_heard", Self.h), ("what_we_did", Self.h)])
                #expect(published.status == .seeOther)
                pages += [
                    try await app.get("/consultations/\(id)"), try await app.get("/consultations/\(id)/report"),
                    try await m.open(path),
                ]
                pages.append(try await app.get("/consultations"))

                for (i, p) in pages.enumerated() {
                    #expect(Self.isEscaped(p.body.string), "page \(i) shows markup as markup")
                    #expect(
                        p.body.string.contains("&lt;script&gt;") || p.body.string.contains("&lt;b&gt;"),
                        "page \(i) shows the text")
                }
                for file in ["responses.csv", "responses-excel.csv"] {
                    let csv = try await m.send(.GET, base + "/export/\(file)").body.string
                    #expect(
                        csv.contains("'" + Self.formula) && !csv.contains("," + Self.formula)
                            && !csv.contains("\"" + Self.formula))
                    #expect(csv.contains("<script>alert('x')</script>"), "CSV keeps the text as typed")
                }
            }
        }
    }
}
