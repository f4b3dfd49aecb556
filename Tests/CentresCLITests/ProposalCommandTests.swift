import CentresIO
import CentresTestSupport
import Foundation
import Testing

extension EndToEndTests {
    @Test func proposalsImportListExportAndAssessThroughTheBinary() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.sqlite")
        #expect(try Self.run(["import", Fixtures.norfolkPack.path], sqlite: db).status == 0)

        // A campaign's plan: the January decision with Acle kept as a third base in its area.
        let exported = try Self.run(["proposal", "export", "decision-2019-01"], sqlite: db)
        #expect(exported.status == 0)
        let mine = exported.stdout
            .replacingOccurrences(of: "proposal,id,decision-2019-01,", with: "proposal,id,campaign-plan,")
            .replacingOccurrences(
                of: "decision,cc-acle-marshes-children-s-centre,,unknown,",
                with: "decision,cc-acle-marshes-children-s-centre,,base,"
            )
            .replacingOccurrences(of: "proposal,status,decided,", with: "proposal,status,draft,")
        let file = dir.appendingPathComponent("campaign.csv")
        try mine.write(to: file, atomically: true, encoding: .utf8)
        let imported = try Self.run(["proposal", "import", file.path], sqlite: db)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported proposal 'campaign-plan'") && imported.stdout.contains("11 open bases"))
        #expect(try Self.run(["proposal", "import", file.path], sqlite: db).stderr.contains("already stored; use --replace"))
        #expect(try Self.run(["proposal", "import", "--replace", file.path], sqlite: db).status == 0)

        // A bad row names the file, line and column, and nothing is stored.
        let bad = dir.appendingPathComponent("bad.csv")
        try mine.replacingOccurrences(of: "campaign-plan", with: "bad-plan")
            .replacingOccurrences(of: "decision,cc-caister-children-s-centre,", with: "decision,cc-nowhere,")
            .write(to: bad, atomically: true, encoding: .utf8)
        let refused = try Self.run(["proposal", "import", bad.path], sqlite: db)
        #expect(refused.status != 0)
        let line = mine.components(separatedBy: "\n").firstIndex { $0.hasPrefix("decision,cc-caister-children-s-centre,") }! + 1
        #expect(refused.stderr.contains("bad.csv, line \(line), column 'id': no centre 'cc-nowhere'"), "\(refused.stderr)")
        let list = try Self.run(["proposal", "list"], sqlite: db).stdout
        #expect(list.contains("campaign-plan") && !list.contains("bad-plan"))

        // Table, CSV and JSON show the same figures; the evidence bundle holds them all.
        let zip = dir.appendingPathComponent("evidence.zip")
        let table = try Self.run(
            ["assess", "campaign-plan", "--baseline", "decision-2019-01", "--mode", "car", "--evidence", zip.path], sqlite: db)
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("compared with January 2019 decision: 15 bases"))
        #expect(table.stdout.contains("These times are estimates"))
        let csv = try Self.run(["assess", "campaign-plan", "--baseline", "decision-2019-01", "--format", "csv"], sqlite: db)
            .stdout
        let all = csv.components(separatedBy: "\n")[1].components(separatedBy: ",")
        let json = try Self.run(["assess", "campaign-plan", "--baseline", "decision-2019-01", "--format", "json"], sqlite: db)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let overall = object["overall"] as! [String: Any]
        #expect(all[0] == "All areas" && all[2] == "\(overall["underFives"] as! Int)")
        #expect((object["decisionCounts"] as! [String: Int])["base"] == 11)
        let archive = try ZipArchive(contentsOf: zip.path)
        for name in [
            "README.txt", "parameters.json", "assessment.json", "proposal.csv", "baseline.csv", "tables/districts.csv",
            "tables/areas.csv", "matrix/car.csv",
        ] {
            #expect(archive.entry(named: name) != nil, "\(name)")
        }
        #expect(
            try archive.contents(named: "tables/districts.csv").map { String(decoding: $0, as: UTF8.self) } == csv.dropLast() + ""
        )
        let readme = String(decoding: try archive.contents(named: "README.txt")!, as: UTF8.self)
        #expect(readme.contains("centres assess campaign-plan --baseline decision-2019-01 --mode car --format json"))

        let unknown = try Self.run(["assess", "no-such-plan"], sqlite: db)
        #expect(unknown.status != 0 && unknown.stderr.contains("There is no proposal 'no-such-plan'"))
        let noMatrix = try Self.run(["assess", "campaign-plan", "--mode", "transit"], sqlite: db)
        #expect(noMatrix.status != 0 && noMatrix.stderr.contains("no transit travel times are stored"))
    }
}
