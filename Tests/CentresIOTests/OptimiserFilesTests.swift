import CentresCore
import CentresTestSupport
import Foundation
import Planning
import Testing

@testable import CentresIO

/// Bring-your-own optimiser inputs: good files in both matrix dialects, and every kind of mistake
/// named by file, line and column rather than guessed around.
@Suite struct OptimiserFilesTests {
    let dir: URL

    init() throws { dir = try Fixtures.temporaryDirectory() }

    func file(_ name: String, _ text: String) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static let matrix = "origin_id,destination_id,minutes\na,s1,10\na,s2,\nb,s1,25\nb,s2,5\n"
    static let weights = "id,weight\nb,30\na,70\n"

    func message(_ matrix: String, _ weights: String, sites: String? = nil) -> String? {
        do {
            _ = try OptimiserFiles.read(
                matrix: try file("m.csv", matrix), weights: try file("w.csv", weights),
                sites: try sites.map { try file("s.csv", $0) })
            return nil
        } catch { return "\(error)" }
    }

    @Test func readsBothDialectsWithSiteAttributes() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let sites = try file("s.csv", "id,name,cost,district,rule\ns2,Library,1500,East,forced\ns1,Hall,,West,\n")
        for text in [Self.matrix, "from_id,to_id,travel_time\na,s1,10\na,s2,\nb,s1,25\nb,s2,5\n"] {
            let input = try OptimiserFiles.read(
                matrix: try file("m.csv", text), weights: try file("w.csv", Self.weights), sites: sites)
            #expect(input.instance.demandIDs == ["a", "b"] && input.instance.weights == [70, 30])
            #expect(input.instance.siteIDs == ["s1", "s2"])
            #expect(input.instance.minutes == [10, .infinity, 25, 5])
            #expect(input.instance.siteCosts == [nil, 1500] && input.instance.siteDistricts == ["West", "East"])
            #expect(input.siteNames == ["Hall", "Library"] && input.rules.forced == [1])
            #expect(try input.site(named: "Hall") == 0 && input.site(named: "s2") == 1)
            #expect(throws: LocationProblemError("no site in the matrix is called 'Church'")) { try input.site(named: "Church") }
            let rules = try input.rules.adding(keep: ["Hall"], forbid: [], minimumPerDistrict: 1, in: input.instance) {
                (name: String) throws(LocationProblemError) -> Int in try input.site(named: name)
            }
            #expect(rules == SiteRules(forced: [0, 1], minimumPerDistrict: ["East": 1, "West": 1]))
            let s = try LocationSolver(instance: input.instance, rules: input.rules).solve(
                .maximalCovering(sites: 1, minutes: 10))
            #expect(s.sites == [1] && s.objective == 30)
            let report = OptimiserReport(
                problem: .maximalCovering(sites: 1, minutes: 10), solution: s, instance: input.instance, rules: input.rules,
                siteNames: input.siteNames, inputs: input.inputs)
            #expect(
                OptimiserFiles.csv(report).hasPrefix(
                    "site_id,name,district,cost,kept,points_served,weight_served,weight_within\ns2,Library,East,1500.0,yes,1,30.0,30.0\n"
                ))
            #expect(report.unreachableWeight == 70)
            let decoded = try JSONDecoder().decode(OptimiserReport.self, from: try OptimiserFiles.json(report))
            #expect(decoded == report)
        }
    }

    /// Times just above and below the radius are compared as written (issue 22): 15.04 and 15.004
    /// are not "within 15", 14.96, 15.0 and 14.999 are. Rounded to a tenth, s1 would cover a and
    /// b (101) and win; on the real times s2 covers b and d (3). The reported objectives equal the
    /// ones recomputed from the file's own numbers.
    @Test func coveringAndTheObjectiveUseTheTimesAsWritten() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let rows = [
            ("a", "s1", 15.04), ("a", "s2", 30), ("b", "s1", 14.96), ("b", "s2", 15.0), ("c", "s1", 40), ("c", "s2", 15.004),
            ("d", "s1", 40), ("d", "s2", 14.999),
        ]
        let matrix = "origin_id,destination_id,minutes\n" + rows.map { "\($0),\($1),\($2)\n" }.joined()
        let weights: [String: Double] = ["a": 100, "b": 1, "c": 50, "d": 2]
        let input = try OptimiserFiles.read(
            matrix: try file("m.csv", matrix),
            weights: try file("w.csv", "id,weight\n" + weights.sorted { $0.key < $1.key }.map { "\($0),\($1)\n" }.joined()),
            sites: nil)
        let solver = LocationSolver(instance: input.instance, rules: input.rules)
        let covering = try solver.solve(.maximalCovering(sites: 1, minutes: 15))
        #expect(covering.sites == [1] && covering.objective == 3 && covering.provenOptimal)
        let report = OptimiserReport(
            problem: .maximalCovering(sites: 1, minutes: 15), solution: covering, instance: input.instance, rules: input.rules,
            siteNames: input.siteNames, inputs: input.inputs)
        let recomputed = rows.filter { $0.1 == "s2" && $0.2 <= 15 }.reduce(0) { $0 + weights[$1.0]! }
        #expect(abs(report.objective - recomputed) <= 1e-9 * recomputed && report.coveredWeight == recomputed)

        let median = try solver.solve(.pMedian(sites: 1, unreachableMinutes: 120))
        let total = ["s1", "s2"].map { site in rows.filter { $0.1 == site }.reduce(0) { $0 + weights[$1.0]! * $1.2 } }
        #expect(median.sites == [total[0] < total[1] ? 0 : 1])
        #expect(abs(median.objective - total.min()!) <= 1e-9 * total.min()!)
    }

    @Test func mistakesAreNamedNotGuessed() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(message(Self.matrix, "id,weight\na,70\nc,30\n") == "w.csv, line 3, column 'id': 'c' is not an origin in m.csv")
        #expect(message(Self.matrix, "id,weight\na,70\n") == "w.csv: the origin 'b' in m.csv has no weight")
        #expect(message(Self.matrix, "id,weight\na,70\nb,-1\n") == "w.csv, line 3, column 'weight': a weight cannot be negative")
        #expect(message(Self.matrix, "id,weight\na,70\na,1\nb,2\n") == "w.csv, line 3, column 'id': 'a' is a duplicate of line 2")
        #expect(
            message("origin_id,destination_id,minutes\na,s1,10\na,s2,3\nb,s1,25\n", Self.weights)?.contains(
                "the cell b → s2 is missing") == true)
        #expect(
            message("origin_id,destination_id,minutes\na,s1,-4\n", Self.weights)
                == "m.csv, line 2, column 'minutes': a time cannot be negative (-4)")
        #expect(
            message(Self.matrix, Self.weights, sites: "id\ns1\ns3\n")
                == "s.csv, line 3, column 'id': 's3' is not a destination in m.csv")
        #expect(message(Self.matrix, Self.weights, sites: "id\ns1\n") == "s.csv: the destination 's2' in m.csv has no row")
        #expect(
            message(Self.matrix, Self.weights, sites: "id,rule\ns1,keep\ns2,\n")
                == "s.csv, line 2, column 'rule': expected 'forced', 'forbidden' or nothing, found 'keep'")
        #expect(
            message(Self.matrix, Self.weights, sites: "id,costs\ns1,1\ns2,2\n")?.contains("unknown column (did you mean 'cost'?)")
                == true)
    }
}
