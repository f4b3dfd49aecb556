import CentresCore
import CentresTestSupport
import Foundation
import SQLKit
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct ConsultationAnalysing {
        /// Four responses on four channels from two districts and nowhere.
        static func responses(_ app: Application, _ c: Consultation) async throws -> [Int] {
            let today = SimpleDate.today()
            let cases: [(ResponseChannel, String, String, String?, String?, Bool)] = [
                (.online, "parent-carer", "yes", "NR1 1AA", "Too far to travel without a car", true),
                (.paper, "staff", "no", "NR1 1AA", "=HYPERLINK(\"http://x\") the cost", false),
                (.letter, "parent-carer", "yes", "NR2 2BB", nil, true),
                (.email, "other", "no", nil, "Buses <b>never</b> run", true),
            ]
            var ids: [Int] = []
            for (channel, type, uses, postcode, views, consent) in cases {
                var answers: [String: ConsultationAnswer] = ["who": .choice(type, other: nil), "uses": .choice(uses, other: nil)]
                if let postcode { answers["postcode"] = .postcode(postcode) }
                if let views { answers["views"] = .text(views) }
                if uses == "yes" {
                    answers["what"] =
                        channel == .letter ? .choices(["play", "other"], other: "Toy library") : .choices(["play"], other: nil)
                }
                let place = ResponsePlace(
                    postcode: postcode, districtCode: postcode.map { $0.hasPrefix("NR1") ? "E07000001" : "E07000002" },
                    areaCode: postcode.map { $0.hasPrefix("NR1") ? "E01000001" : "E01000003" })
                ids.append(
                    try await ResponseStore.insert(
                        c, answers: answers,
                        intake: ResponseIntake(channel: channel, receivedOn: today, late: false, enteredBy: nil), place: place,
                        quoteConsent: consent, now: Date(), on: app.db))
            }
            return ids
        }

        /// Results by every breakdown, rates per 1,000 under-fives, coding with progress and
        /// quotes only by consent, both CSV exports and the printable report.
        @Test(arguments: Engine.all) func analystsCountCodeExportAndReport(engine: Engine) async throws {
            try await withApp(engine) { app in
                let c = try await ConsultationResponding.open(app)
                let ids = try await Self.responses(app, c)
                var ann = try await ProposalOwnership.member(app, "ann@example.org", [.consultationManager], organisation: "NCC")
                let base = "/staff/consultations/\(c.id)"

                let all = try await ann.open(base + "/results").body.string
                #expect(all.contains("4 responses, by channel") && all.contains("2 (50.0%)"))
                #expect(all.contains("<svg") && all.contains("class=\"result-chart\""))
                #expect(all.contains("Northshire") && all.contains("13.3") && all.contains("8.3") && all.contains("11.1"))
                #expect(all.contains("so in no district or small area: 1.</p>"))
                let byDecile = try await ann.open(base + "/results?by=decile").body.string
                #expect(byDecile.contains("Decile 2") && byDecile.contains("Decile 9") && byDecile.contains("Not known"))
                for by in ["type", "district", "channel"] {
                    let page = try await ann.open(base + "/results?by=\(by)")
                    #expect(page.status == .ok && page.body.string.contains("Show the results by"))
                }

                // Coding: codes, tags a page at a time, progress, quotes only with consent.
                _ = try await ann.open(base + "/coding")
                #expect(try await ann.post(base + "/codes", [("label", "Travel")]).status == .seeOther)
                #expect(try await ann.post(base + "/codes", [("label", "<Cost>"), ("description", "Money")]).status == .seeOther)
                let twice = try await ann.post(base + "/codes", [("label", "travel")])
                #expect(twice.status == .badRequest && twice.body.string.contains("There is a code"))
                let codes = try await CodingStore.codes(c.id, on: app.db)
                let travel = try #require(codes.first { $0.label == "Travel" }?.id)
                let cost = try #require(codes.first { $0.label == "<Cost>" }?.id)
                let page = try await ann.open(base + "/coding/views")
                #expect(page.body.string.contains("0 of 3 answers coded (0%)") && page.body.string.contains("&lt;Cost&gt;"))
                #expect(page.body.string.contains("Not to be quoted: the respondent did not agree"))
                let shown = "\(ids[0]),\(ids[1]),\(ids[3])"
                let saved = try await ann.post(
                    base + "/coding/views",
                    [
                        ("shown", shown), ("tag-\(ids[0])", String(travel)), ("tag-\(ids[1])", String(cost)),
                        ("tag-\(ids[1])", String(travel)), ("quote-\(ids[0])", "yes"), ("quote-\(ids[1])", "yes"),
                    ])
                #expect(saved.status == .seeOther)
                #expect(try await ann.open(base + "/coding/views").body.string.contains("2 of 3 answers coded (67%)"))
                let quotes = try await CodingStore.quotes(c.id, on: app.db)
                #expect(quotes.map(\.responseId) == [ids[0]], "response 2 did not agree to be quoted")
                let overview = try await ann.open(base + "/coding").body.string
                #expect(overview.contains("Travel: 2") && overview.contains("&lt;Cost&gt;: 1") && overview.contains("67%"))

                // "Other" texts are coded too.
                #expect(
                    overview.contains("What do you use? (what &#39;Other&#39; was)"))
                let other = try await ann.open(base + "/coding/what-other")
                #expect(other.body.string.contains("Toy library") && other.body.string.contains("0 of 1 answers coded"))
                _ = try await ann.post(base + "/coding/what-other", [("shown", "\(ids[2])"), ("tag-\(ids[2])", String(travel))])
                #expect(try await ann.open(base + "/coding/what-other").body.string.contains("1 of 1 answers coded (100%)"))

                // Exports: every response, one column per option, formula-safe; Excel's with a BOM and CRLF.
                let csv = try await ann.send(.GET, base + "/export/responses.csv")
                let text = csv.body.string
                #expect(csv.status == .ok && csv.headers.first(name: .contentDisposition)?.contains("responses.csv") == true)
                let lines = text.split(separator: "\n")
                #expect(lines.count == 5 && lines[0].contains("Q4 What do you use?: Play") && lines[0].hasSuffix(",codes"))
                #expect(text.contains("\"'=HYPERLINK(\"\"http://x\"\") the cost\""), "a formula is written as text")
                #expect(text.contains("Q6: <Cost>; Q6: Travel") && text.contains("Q4 other: Travel"))
                #expect(lines[1].contains(",online,") && lines[1].contains("E01000001,2,yes"))
                let excel = try await ann.send(.GET, base + "/export/responses-excel.csv")
                let bytes = Array(excel.body.readableBytesView)
                #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]) && excel.body.string.contains("\r\n"))
                #expect(try await ann.send(.GET, base + "/export/other.csv").status == .notFound)
                let exported = try await AuditLog.entries(recordType: "consultation", recordID: c.id, on: app.db)
                #expect(exported.filter { $0.action == "responses exported" }.count == 2)

                // The printable report: charts, themes, quotes by consent; public once published.
                let report = try await ann.open(base + "/report").body.string
                #expect(report.contains("consultation report") && report.contains("What people wrote") && report.contains("<svg"))
                #expect(report.contains("<blockquote class=\"pre-line\">Too far to travel without a car</blockquote>"))
                #expect(!report.contains("<blockquote class=\"pre-line\">=HYPERLINK"))
                #expect(try await app.get("/consultations/\(c.id)/report").status == .notFound)
                #expect(try await app.get("/api/v1/consultations/\(c.id)/results").status == .notFound, "not yet published")
                let listed = try #require(try await app.json("/api/v1/consultations") as? [String: Any])
                #expect(
                    ((listed["items"] as? [[String: Any]])?.first?["responses"]) == nil, "no running totals before publication")
                try await PackStore.sql(app.db).update("consultations").set("state", to: "published")
                    .set("what_we_heard", to: "Travel matters.").set("what_we_did", to: "Kept buses in mind.")
                    .where("id", .equal, c.id).run()
                let published = try await app.get("/consultations/\(c.id)/report")
                #expect(published.status == .ok && published.body.string.contains("Travel matters."))
                let doc = try #require(try await app.json("/api/v1/openapi.json") as? [String: Any])
                let validator = SchemaValidator(openAPI: doc)
                let json = try await app.json("/api/v1/consultations/\(c.id)/results")
                #expect(validator.problems(json, against: ["$ref": "#/components/schemas/ConsultationResults"]).isEmpty)
                let questions = try #require((json as? [String: Any])?["questions"] as? [[String: Any]])
                let uses = try #require(questions.first { $0["id"] as? String == "uses" }?["options"] as? [[String: Any]])
                #expect(uses.map { $0["count"] as? Int } == [2, 2] && (json as? [String: Any])?["responses"] as? Int == 4)
                #expect(!String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self).contains("Too far"))
                let list = try #require(try await app.json("/api/v1/consultations") as? [String: Any])
                #expect((list["items"] as? [[String: Any]])?.first?["responses"] as? Int == 4)
                let publicPage = try await app.get("/consultations/\(c.id)").body.string
                #expect(publicPage.contains("The responses") && publicPage.contains("2 (50.0%)"))
            }
        }
    }
}
