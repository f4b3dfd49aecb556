import CentresCore
import CentresIO
import CentresTestSupport
import Foundation
import Planning
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct OptimiserPages {
        /// The issue's own request, as the form sends it.
        static let issueQuery =
            "/optimiser?problem=mclp&sites=15&within=30&mode=car&candidates=centres&candidates=libraries"
            + "&min_per_district=2&keep=City+and+Eaton+Children%27s+Centre"

        @Test(arguments: Engine.all) func theFormAnswersOnTheSamePage(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let empty = try await app.get("/optimiser")
                #expect(empty.status == .ok && empty.body.string.contains("<form class=\"optimiser-form\" action=\"/optimiser\""))
                #expect(!empty.body.string.contains("id=\"answer\""))

                let page = try await app.get(Self.issueQuery)
                #expect(page.status == .ok)
                let html = page.body.string
                // The page shows exactly what the library answers for the same request.
                var q = OptimiserQuery()
                (q.kind, q.sites, q.withinMinutes, q.candidates) = (.maximalCovering, 15, 30, [.centres, .libraries])
                (q.minimumPerDistrict, q.keep) = (2, ["City and Eaton Children's Centre"])
                let a = try await OptimiserService(db: app.db).solve(q, mode: .car)
                #expect(a.report.provenOptimal && a.report.sites.count == 15)
                let people = try #require(a.report.underFivesWithin)
                #expect(html.contains("<strong>\(NumberText.grouped(Int(people.rounded()))) ("))
                #expect(html.contains("(proven optimal)"))
                #expect(html.contains("These travel times are estimates") && html.contains("optimiser-map-title"))
                for site in a.report.sites { #expect(html.contains(MapSVG.escape(site.name ?? site.id)), "\(site.id)") }
                #expect(
                    html.contains(
                        "<th scope=\"row\"><a href=\"/centres/cc-city-and-eaton-children-s-centre\">City and Eaton Children&#39;s Centre</a></th><td>Norwich</td><td>Yes</td>"
                    ))
                // Every district has at least two chosen sites.
                let districts = Dictionary(grouping: a.report.sites.compactMap(\.district), by: { $0 })
                #expect(districts.count == 7 && districts.values.allSatisfy { $0.count >= 2 })
                // The form keeps what was asked.
                #expect(html.contains("<option value=\"mclp\" selected>") && html.contains("value=\"libraries\" checked"))
                #expect(
                    html.contains(
                        "<textarea id=\"keep\" name=\"keep\" rows=\"2\">City and Eaton Children&#39;s Centre</textarea>"))
            }
        }

        /// Limits that differ by district, through the JSON API as the form sends them; the form
        /// shows them back in its fields; and set covering with no share lists what no base reaches.
        @Test(arguments: Engine.all) func districtLimitsDifferByDistrict(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let query = "sites=12&min_per_district=1&min_district=Norwich%3D3&max_district=Norwich%3D3,Breckland%3D1"
                let api = try await app.get("/api/v1/optimiser?" + query)
                #expect(api.status == .ok)
                let result = try JSONDecoder().decode(OptimiserAPIResult.self, from: Data(api.body.string.utf8))
                let count = Dictionary(grouping: result.report.sites, by: { $0.district ?? "" }).mapValues(\.count)
                #expect(count["Norwich"] == 3 && count["Breckland"] == 1 && count.count == 7 && result.report.sites.count == 12)
                #expect(result.report.parameters["max_district"] == "Breckland=1, Norwich=3")
                let page = try await app.get("/optimiser?" + query).body.string
                #expect(page.contains(">Breckland=1, Norwich=3</textarea>") && page.contains(">Norwich=3</textarea>"))

                // Within 5 minutes by car many areas have no centre at all: named, not refused.
                let lscp = try await app.get("/optimiser?problem=lscp&within=5&mode=car")
                #expect(lscp.status == .ok)
                #expect(lscp.body.string.contains("Out of reach of every candidate within 5 minutes"))
            }
        }

        struct OptimiserAPIResult: Decodable { var report: OptimiserReport }

        @Test(arguments: Engine.all) func wrongRequestsAreShownAtTheirField(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let cases: [(String, String)] = [
                    ("sites=abc", "the number of sites must be a whole number from 1 to 200"),
                    ("sites=100000", "the number of sites must be a whole number from 1 to 200"),
                    ("within=-5", "the time limit in minutes must be a number from 1 to 600"),
                    ("within=nan", "the time limit in minutes must be a number from 1 to 600"),
                    ("problem=lscp&share=2", "the share to reach (0.01 to 1) must be a number from 0.01 to 1"),
                    ("problem=magic", "choose pmedian, mclp, lscp or budget"),
                    ("candidates=bogus", "&#39;bogus&#39; is not a kind of site"),
                    ("mode=teleport", "&#39;teleport&#39; is not a travel mode"),
                    ("mode=transit", "no transit travel times are stored"),
                    ("keep=Nowhere+Centre", "no candidate site is called &#39;Nowhere Centre&#39;"),
                    ("keep=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "no candidate site is called &#39;&lt;script&gt;"),
                    (
                        "sites=3&min_per_district=2",
                        "the district minimums and kept sites need 14 sites, more than the 3 asked for"
                    ),
                    ("problem=budget&budget=100000", "the data pack has no running cost per venue"),
                    ("keep=Holt+Children%27s+Centre&forbid=Holt+Children%27s+Centre", "is both kept open and forbidden"),
                    ("max_district=Norwich", "&#39;Norwich&#39; is not a district and a number, e.g. Norwich=3"),
                    ("min_district=Narnia%3D2", "no candidate site is in a district called &#39;Narnia&#39;"),
                    ("sites=5&min_district=Norwich%3D3&max_district=Norwich%3D2", "at least 3 sites and at most 2"),
                ]
                for (query, message) in cases {
                    let res = try await app.get("/optimiser?" + query)
                    let html = res.body.string
                    #expect(res.status == .badRequest, "\(query)")
                    #expect(
                        html.contains(message),
                        "\(query): \(html.components(separatedBy: "error-summary").dropFirst().first?.prefix(400) ?? "")")
                    #expect(html.contains("<div class=\"error-summary\" role=\"alert\">"), "\(query)")
                    #expect(!html.contains("<script"), "\(query)")
                    #expect(!html.contains("id=\"answer\""), "\(query)")
                }
            }
        }

        @Test(arguments: Engine.all) func downloadsAndJSONAreTheSameAnswer(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let query = "?problem=pmedian&sites=7&mode=car&candidates=centres,libraries&weighting=under-fives-deprivation"
                let json = try #require(try await app.json("/api/v1/optimiser" + query) as? [String: Any])
                let report = try #require(json["report"] as? [String: Any])
                #expect(report["problem"] as? String == "p-median" && report["provenOptimal"] as? Bool == true)
                let ids = try #require((report["sites"] as? [[String: Any]])?.compactMap { $0["id"] as? String })
                #expect(ids.count == 7)
                let sites = try await app.get("/optimiser/tables/sites.csv" + query)
                #expect(sites.headers.contentType?.description.hasPrefix("text/csv") == true)
                let lines = sites.body.string.split(separator: "\n")
                #expect(lines.count == 8 && lines[0].hasPrefix("Site,Site id,District,Kept open"))
                #expect(Set(lines.dropFirst().map { String($0.split(separator: ",")[1]) }) == Set(ids))
                let areas = try await app.get("/optimiser/tables/areas.csv" + query).body.string
                #expect(areas.split(separator: "\n").count == 539)
                let summary = try await app.get("/optimiser/tables/summary.csv" + query).body.string
                #expect(summary.contains("Proven optimal,Yes"))
                #expect(try await app.get("/optimiser/tables/nothing.csv" + query).status == .notFound)
                #expect(try await app.get("/optimiser/tables/sites.csv?sites=0").status == .badRequest)
            }
        }

        @Test(arguments: Engine.all) func theFrontierPlotsTheProposalsOnTheSameTerms(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let query = "?up_to=8&within=30&mode=car&candidates=centres"
                let res = try await app.get("/optimiser/frontier" + query)
                #expect(res.status == .ok)
                let html = res.body.string
                #expect(html.contains("coverage-chart-title") && html.contains("mean-chart-title"))
                for title in [
                    "Network as of 2018", "September 2018 consultation proposal: 7 bases", "January 2019 decision: 15 bases",
                ] {
                    #expect(html.contains(title))
                }
                // Each size links to its own answer, where it can become a draft proposal.
                #expect(html.contains("<a href=\"/optimiser?problem=mclp&amp;within=30&amp;mode=car&amp;candidates=centres"))
                let json = try #require(try await app.json("/api/v1/optimiser/frontier" + query) as? [String: Any])
                let points = try #require(json["points"] as? [[String: Any]])
                #expect(points.map { $0["sites"] as? Int } == Array(1...8))
                let covered = points.compactMap { ($0["coverage"] as? [String: Any])?["objective"] as? Double }
                let means = points.compactMap { ($0["median"] as? [String: Any])?["objective"] as? Double }
                #expect(covered.count == 8 && zip(covered, covered.dropFirst()).allSatisfy { $0 <= $1 + 1e-9 })
                #expect(means.count == 8 && zip(means, means.dropFirst()).allSatisfy { $0 >= $1 - 1e-9 })
                // The 7-base proposal's centres cannot beat the best 7 centres.
                let proposals = try #require(json["proposals"] as? [[String: Any]])
                let seven = try #require(proposals.first { $0["id"] as? String == "proposal-2018-09" })
                #expect((seven["covered"] as? Double).map { $0 <= covered[6] + 1e-9 } == true)
                let csv = try await app.get("/optimiser/frontier/tables/frontier.csv" + query).body.string
                #expect(csv.split(separator: "\n").count == 9)
                let wrong = try await app.get("/optimiser/frontier?up_to=500")
                #expect(wrong.status == .badRequest && wrong.body.string.contains("from 1 to 60"))
            }
        }

        @Test(arguments: Engine.all) func anAnswerBecomesAnEditableDraftProposal(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                var browser = FormSession(app: app)
                let page = try await browser.open("/optimiser?problem=mclp&sites=7&within=30&candidates=centres")
                let query = try #require(
                    page.body.string.range(of: "name=\"query\" value=\"").map { r in
                        String(page.body.string[r.upperBound...].prefix { $0 != "\"" })
                    })
                let made = try await browser.post(
                    "/optimiser/draft",
                    [("query", query.replacingOccurrences(of: "&amp;", with: "&")), ("title", "Best 7 <i>centres</i>")])
                #expect(made.status == .seeOther)
                let location = try #require(made.headers.first(name: .location))
                #expect(location.contains("/edit?key=") && location.hasSuffix("&created=1"))
                let id = String(location.dropFirst("/proposals/".count).prefix { $0 != "/" })
                let (p, origin) = try #require(try await ProposalStore.find(id, on: app.db))
                #expect(origin == .web && p.title == "Best 7 <i>centres</i>" && p.status == .draft)
                #expect(p.decisions.filter { $0.decision == .base }.count == 7)
                #expect(!(try await ProposalStore.list(on: app.db)).contains { $0.id == id }, "unlisted")
                let assessed = try await app.get("/proposals/\(id)")
                #expect(assessed.status == .ok && assessed.body.string.contains("Best 7 &lt;i&gt;centres&lt;/i&gt;"))
                let edit = try await app.get(location)
                #expect(edit.status == .ok)
                let bad = try await browser.post("/optimiser/draft", [("query", "sites=0")])
                #expect(bad.status == .badRequest)
            }
        }

        @Test(arguments: Engine.all) func computingIsRateLimitedPerAddress(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                for _ in 0..<OptimiserController.hourlyFrontiers {
                    _ = await app.rateLimiter.allow("optimiser frontier|unknown", limit: .max, window: 3600)
                }
                let res = try await app.get("/api/v1/optimiser/frontier?up_to=2")
                #expect(res.status == .tooManyRequests)
                #expect(try await app.get("/api/v1/optimiser?sites=2").status == .ok, "answers have their own allowance")
            }
        }
    }
}
