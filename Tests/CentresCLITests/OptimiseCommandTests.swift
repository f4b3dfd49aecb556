import CentresIO
import CentresTestSupport
import Foundation
import Planning
import Testing

extension EndToEndTests {
    /// The issue's own command over the Norfolk pack, a saved draft, the frontier, and your own files.
    @Test func optimiseOverThePackAndOverYourOwnFiles() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("c.sqlite")
        #expect(try Self.run(["import", Fixtures.norfolkPack.path], sqlite: db).status == 0)

        let json = dir.appendingPathComponent("answer.json")
        let run = try Self.run(
            [
                "optimise", "--problem", "mclp", "--sites", "15", "--within", "30", "--mode", "car", "--min-per-district", "2",
                "--keep", "City and Eaton Children's Centre", "--candidates", "centres,libraries", "--json", json.path,
                "--save-proposal", "optimiser-15",
            ], sqlite: db)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Proven optimal") && run.stdout.contains("City and Eaton Children's Centre"))
        let report = try JSONDecoder().decode(OptimiserReport.self, from: Data(contentsOf: json))
        #expect(report.sites.count == 15 && report.provenOptimal && report.gap < 1e-6)
        #expect(report.sites.contains { $0.name == "City and Eaton Children's Centre" && $0.kept })
        #expect(Dictionary(grouping: report.sites, by: { $0.district ?? "" }).values.allSatisfy { $0.count >= 2 })
        #expect(report.underFivesWithin == report.coveredWeight && report.coveredWeight! > 0.9 * report.totalWeight)
        #expect(run.stderr.contains("Saved the answer as the draft proposal 'optimiser-15'"))
        let assessed = try Self.run(["assess", "optimiser-15", "--format", "json"], sqlite: db)
        #expect(assessed.status == 0, "\(assessed.stderr)")

        let frontier = try Self.run(["optimise", "--frontier", "4", "--within", "30"], sqlite: db)
        #expect(frontier.status == 0, "\(frontier.stderr)")
        #expect(frontier.stdout.contains("# The best network of each size") && frontier.stdout.contains("optimiser-15"))
        #expect(frontier.stdout.contains("decision-2019-01"))

        // The rule: Norwich at least 3, every other district at least 2, none more than 4.
        let limits = dir.appendingPathComponent("districts.csv")
        try
            (["district,min,max"]
            + [
                "Breckland", "Broadland", "Great Yarmouth", "King's Lynn and West Norfolk", "North Norfolk", "Norwich",
                "South Norfolk",
            ].map { "\"\($0)\",,4" }).joined(separator: "\n").write(to: limits, atomically: true, encoding: .utf8)
        let councils = dir.appendingPathComponent("councils.json")
        let council = try Self.run(
            [
                "optimise", "--problem", "mclp", "--sites", "18", "--within", "20", "--min-per-district", "2",
                "--min-district", "Norwich=3", "--districts", limits.path, "--json", councils.path,
            ], sqlite: db)
        #expect(council.status == 0, "\(council.stderr)")
        let perDistrict = Dictionary(
            grouping: try JSONDecoder().decode(OptimiserReport.self, from: Data(contentsOf: councils)).sites,
            by: { $0.district ?? "" }
        ).mapValues(\.count)
        #expect(perDistrict.count == 7 && perDistrict.values.allSatisfy { (2...4).contains($0) } && perDistrict["Norwich"]! >= 3)
        let unknown = try Self.run(["optimise", "--sites", "9", "--max-district", "Narnia=1"], sqlite: db)
        #expect(unknown.status != 0 && unknown.stderr.contains("no candidate site is in a district called 'Narnia'"))
        let malformed = try Self.run(["optimise", "--sites", "9", "--max-district", "Norwich"], sqlite: db)
        #expect(malformed.status != 0 && malformed.stderr.contains("'Norwich' is not a district and a number"))
        let tooTight = try Self.run(
            ["optimise", "--sites", "12", "--districts", limits.path, "--max-district", "Norwich=1"], sqlite: db)
        #expect(tooTight.status != 0 && tooTight.stderr.contains("has a maximum in \(limits.path) and on the command line"))
        try "district,min,max\nNorwich,5,1\n".write(to: limits, atomically: true, encoding: .utf8)
        let crossed = try Self.run(["optimise", "--sites", "12", "--districts", limits.path], sqlite: db)
        #expect(crossed.status != 0 && crossed.stderr.contains("at least 5 sites and at most 1"), "\(crossed.stderr)")

        // Budget covering over the pack with the council's own running costs (the pack has none).
        let centreIDs = try String(contentsOf: Fixtures.norfolkPack.appendingPathComponent("centres.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        let costs = dir.appendingPathComponent("costs.csv")
        try (["site,cost"] + centreIDs.enumerated().map { "\($1),\(60_000 + 5_000 * ($0 % 7))" }).joined(separator: "\n")
            .write(to: costs, atomically: true, encoding: .utf8)
        let budgeted = try Self.run(
            [
                "optimise", "--problem", "budget", "--budget", "600000", "--within", "20", "--costs", costs.path, "--format",
                "json",
            ],
            sqlite: db)
        #expect(budgeted.status == 0, "\(budgeted.stderr)")
        let spend = try JSONDecoder().decode(OptimiserReport.self, from: Data(budgeted.stdout.utf8))
        #expect(spend.provenOptimal && spend.sites.reduce(0) { $0 + $1.cost! } <= 600_000 && spend.sites.count >= 8)
        let costedFrontier = try Self.run(["optimise", "--frontier", "3", "--within", "20", "--costs", costs.path], sqlite: db)
        #expect(costedFrontier.stdout.contains("Cost of the covering sites"), "\(costedFrontier.stderr)")
        try "site,cost\n\(centreIDs[0]),1000\n".write(to: costs, atomically: true, encoding: .utf8)
        let partial = try Self.run(["optimise", "--problem", "budget", "--budget", "5000", "--costs", costs.path], sqlite: db)
        #expect(partial.status != 0 && partial.stderr.contains("has no running cost"), "\(partial.stderr)")
        try "site,cost\nNowhere,10\n".write(to: costs, atomically: true, encoding: .utf8)
        let nowhere = try Self.run(["optimise", "--problem", "budget", "--budget", "5000", "--costs", costs.path], sqlite: db)
        #expect(nowhere.status != 0 && nowhere.stderr.contains("no candidate site is called 'Nowhere'"), "\(nowhere.stderr)")
        try "site,cost\nx,-4\n".write(to: costs, atomically: true, encoding: .utf8)
        let negative = try Self.run(["optimise", "--problem", "budget", "--budget", "5000", "--costs", costs.path], sqlite: db)
        #expect(negative.status != 0 && negative.stderr.contains("costs.csv, line 2, column 'cost'"), "\(negative.stderr)")

        let refused = try Self.run(["optimise", "--sites", "3", "--min-per-district", "1"], sqlite: db)
        #expect(refused.status != 0 && refused.stderr.contains("need 7 sites, more than the 3 asked for"), "\(refused.stderr)")

        // Your own files: a matrix as `centres matrix` writes it, weights, and site attributes.
        try "origin_id,destination_id,minutes\na,s1,10\na,s2,40\nb,s1,35\nb,s2,5\nc,s1,12\nc,s2,\n".write(
            to: dir.appendingPathComponent("m.csv"), atomically: true, encoding: .utf8)
        try "id,weight\na,10\nb,50\nc,20\n".write(to: dir.appendingPathComponent("w.csv"), atomically: true, encoding: .utf8)
        try "id,name,cost\ns1,Hall,100\ns2,Library,300\n".write(
            to: dir.appendingPathComponent("s.csv"), atomically: true, encoding: .utf8)
        let csv = dir.appendingPathComponent("chosen.csv")
        let mine = try Self.run(
            [
                "optimise", "--matrix", dir.appendingPathComponent("m.csv").path, "--weights",
                dir.appendingPathComponent("w.csv").path, "--sites-file", dir.appendingPathComponent("s.csv").path,
                "--problem", "budget", "--budget", "200", "--within", "15", "--csv", csv.path, "--format", "json",
            ], sqlite: db)
        #expect(mine.status == 0, "\(mine.stderr)")
        let answer = try JSONDecoder().decode(OptimiserReport.self, from: Data(mine.stdout.utf8))
        // £200 buys only the hall: a and c (30) within 15 minutes.
        #expect(answer.sites.map(\.id) == ["s1"] && answer.objective == 30 && answer.provenOptimal)
        #expect(try String(contentsOf: csv, encoding: .utf8).contains("s1,Hall,,100.0,no,3,80.0,30.0"))
        let bad = try Self.run(
            [
                "optimise", "--matrix", dir.appendingPathComponent("m.csv").path, "--weights",
                dir.appendingPathComponent("s.csv").path, "--sites", "1",
            ],
            sqlite: db)
        #expect(bad.status != 0 && bad.stderr.contains("s.csv, line 1, column 'name': unknown column"), "\(bad.stderr)")
        // --gap: stop within a share of the bound; the answer then reports its gap, not a proof.
        let files = [
            "optimise", "--matrix", dir.appendingPathComponent("m.csv").path, "--weights",
            dir.appendingPathComponent("w.csv").path, "--problem", "pmedian", "--sites", "1", "--format", "json",
        ]
        let loose = try Self.run(files + ["--gap", "100"], sqlite: db)
        #expect(loose.status == 0, "\(loose.stderr)")
        let within = try JSONDecoder().decode(OptimiserReport.self, from: Data(loose.stdout.utf8))
        #expect(within.gap <= 1 && within.provenOptimal == (within.gap == 0))
        let exact = try JSONDecoder().decode(OptimiserReport.self, from: Data(try Self.run(files, sqlite: db).stdout.utf8))
        #expect(exact.provenOptimal && exact.objective <= within.objective)
        let wrong = try Self.run(files + ["--gap", "150"], sqlite: db)
        #expect(wrong.status != 0 && wrong.stderr.contains("--gap must be a percentage between 0 and 100"), "\(wrong.stderr)")

        // Set covering within 11 minutes: c (weight 20) is 12 minutes from the hall and has no time
        // to the library, so no site reaches it; by default the answer reaches everyone else (a and
        // b need both sites) and names c; a share of 90 % cannot be met and says what to do.
        let lscp = Array(files.dropLast(6)) + ["--problem", "lscp", "--within", "11"]
        let everyone = try Self.run(lscp, sqlite: db)
        #expect(everyone.status == 0, "\(everyone.stderr)")
        #expect(everyone.stdout.contains("Points no candidate reaches within the time (left out): c"), "\(everyone.stdout)")
        let reached = try JSONDecoder().decode(
            OptimiserReport.self, from: Data(try Self.run(lscp + ["--format", "json"], sqlite: db).stdout.utf8))
        #expect(reached.sites.map(\.id) == ["s1", "s2"] && reached.uncoverablePoints == ["c"] && reached.uncoverableWeight == 20)
        let most = try Self.run(lscp + ["--share", "0.9"], sqlite: db)
        #expect(most.status != 0 && most.stderr.contains("leave out the share"), "\(most.stderr)")
    }
}
