import CentresCore
import CentresIO
import CentresTestSupport
import Foundation
import Planning
import Testing
import VaporTesting

@testable import CentresWeb

extension DatabaseTests {
    @Suite struct ProposalPages {
        @Test(arguments: Engine.all) func theNorfolkProposalsAreListedAssessedAndCompared(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let list = try await app.get("/proposals").body.string
                for title in [
                    "Network as of 2018", "September 2018 consultation proposal: 7 bases", "January 2019 decision: 15 bases",
                ] {
                    #expect(list.contains(title))
                }

                let page = try await app.get("/proposals/decision-2019-01")
                #expect(page.status == .ok)
                let html = page.body.string
                #expect(html.contains("revises <a href=\"/proposals/proposal-2018-09\">"))
                #expect(html.contains("<option value=\"network-2018\" selected>"), "the status quo is the default baseline")
                #expect(html.contains("These travel times are estimates"))
                #expect(html.contains("19 centres&#39; decisions are not known"))
                #expect(
                    html.contains("Map of time to the nearest open base") && html.contains("Change against Network as of 2018"))
                // The page's figures are the library's: the overall average and the 30-minute count.
                let a = try await ProposalAssessments(db: app.db).assess("decision-2019-01", baseline: "network-2018", mode: .car)
                let b30 = a.assessment.overall.bands.first { $0.minutes == 30 }!
                #expect(html.contains("\(NumberText.decimal(a.assessment.overall.averageMinutes)) minutes"))
                #expect(html.contains("\(NumberText.grouped(b30.underFives)) (\(NumberText.percent(b30.share)))"))
                #expect(html.contains("\(NumberText.grouped(b30.newlyBeyond!)) newly beyond 30 minutes"))

                let none = try await app.get("/proposals/network-2018?baseline=&mode=walk").body.string
                #expect(none.contains("<option value=\"\" selected>No baseline</option>") && !none.contains("Change against"))
                #expect(try await app.get("/proposals/network-2018?mode=transit").status == .badRequest)
                #expect(try await app.get("/proposals/nope").status == .notFound)

                let compare = try await app.get("/proposals/compare?a=proposal-2018-09&b=decision-2019-01").body.string
                #expect(compare.contains("Centres decided differently") && compare.contains("Map of the change"))
                #expect(
                    compare.contains(
                        "<th scope=\"row\">Centres: stays as a base</th><td class=\"num\">7</td><td class=\"num\">10</td><td class=\"num\">+3</td>"
                    ))

                let csv = try await app.get(
                    "/proposals/compare/tables/figures.csv?a=proposal-2018-09&b=decision-2019-01&mode=car")
                #expect(
                    csv.headers.first(name: "Content-Disposition")?.contains("proposal-2018-09-vs-decision-2019-01-figures.csv")
                        == true)
                #expect(csv.body.string.contains("centres_base,7,10,3\n"))
                let differences = try await app.get("/proposals/compare/tables/differences.csv?a=network-2018&b=proposal-2018-09")
                #expect(
                    differences.body.string.components(separatedBy: "\n").filter { $0.hasSuffix(",base,de-designated") }.count
                        == 46)
                #expect(try await app.get("/proposals/compare/tables/nope.csv").status == .notFound)

                let postcode = try await app.get("/proposals/postcode?q=NR25+6BW").body.string
                #expect(postcode.contains("Today (each centre&#39;s latest recorded status)"))
                #expect(postcode.contains("January 2019 decision: 15 bases") && postcode.contains("(estimate)"))
                #expect(try await app.get("/proposals/postcode?q=ZZ99+9ZZ").body.string.contains("could not find the postcode"))
            }
        }

        @Test(arguments: Engine.all) func downloadsMatchThePage(engine: Engine) async throws {
            try await withApp(engine) { app in
                _ = try await CentresApp.importPack(norfolk, into: app.db, replace: false)
                let q = "?mode=car&baseline=network-2018"
                let res = try await app.get("/proposals/proposal-2018-09/tables/districts.csv\(q)")
                #expect(res.headers.contentType?.subType == "csv")
                #expect(
                    res.headers.first(name: "Content-Disposition") == "attachment; filename=\"proposal-2018-09-districts.csv\"")
                let a = try await ProposalAssessments(db: app.db).assess("proposal-2018-09", baseline: "network-2018", mode: .car)
                #expect(res.body.string == EvidenceBundle.csv(a.report.tables.first { $0.id == "districts" }!))
                #expect(try await app.get("/proposals/proposal-2018-09/tables/nope.csv").status == .notFound)

                let file = try await app.get("/proposals/network-2018/proposal.csv").body.string
                #expect(file == ProposalCSV.text(norfolk.proposals.first { $0.id == "network-2018" }!))

                let zip = try await app.get("/proposals/proposal-2018-09/evidence.zip\(q)")
                let archive = try ZipArchive(data: Data(zip.body.readableBytesView), file: "evidence.zip")
                #expect(archive.entry(named: "baseline.csv") != nil && archive.entry(named: "matrix/car.csv") != nil)
                #expect(
                    try archive.contents(named: "tables/districts.csv").map { String(decoding: $0, as: UTF8.self) }
                        == res.body.string)
            }
        }

        /// A table cell that a spreadsheet would run as a formula is written as text.
        @Test func csvCellsCannotRunAsFormulas() {
            #expect(SpreadsheetSafe.cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")")
            #expect(SpreadsheetSafe.cell("@SUM(A1)") == "'@SUM(A1)")
            #expect(SpreadsheetSafe.cell("-12.5") == "-12.5")
            #expect(SpreadsheetSafe.cell("+3") == "+3")
            #expect(SpreadsheetSafe.cell("Acle") == "Acle")
        }
    }
}
