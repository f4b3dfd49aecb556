import CentresCore
import Planning
import Testing
import TravelTime

/// The pack as a location problem, on the hand-made fixture plus one library, every figure worked by hand.
@Suite struct NetworkOptimisationTests {
    static let library = Venue(
        id: "L1", kind: .library, name: "Venue V1", location: Coordinate(lat: 52.6, lon: 1.3), locationQuality: .exact,
        districtCode: "D2")

    /// The fixture's matrix with the library as a fifth column (A1 8, A2 45, A3 60 minutes).
    static let data: PlanningData = {
        var d = PlanningFixture.data
        d.venues.append(library)
        return d
    }()

    static let matrix = TravelTimeMatrix(
        origins: ["A1", "A2", "A3"], destinations: ["V1", "V2", "V3", "V4", "L1"],
        layers: [.init(name: "minutes", values: [10, 40, nil, nil, 8, 20, 12, 50, nil, 45, 70, 35, 14, nil, 60])],
        metadata: MatrixMetadata(mode: .car, method: .estimate, maxMinutes: 90))

    @Test func candidatesWeightsAndDistricts() {
        let centres = NetworkOptimisation(data: Self.data, matrix: Self.matrix, candidates: [.centres], weighting: .underFives)
        #expect(centres.instance.siteIDs == ["V1", "V2", "V3"])
        #expect(centres.unplaced.map(\.id) == ["V4"])
        #expect(centres.instance.weights == [100, 300, 600])
        let both = NetworkOptimisation(
            data: Self.data, matrix: Self.matrix, candidates: [.libraries, .centres], weighting: .underFivesDeprivation)
        #expect(both.candidates == [.centres, .libraries])
        #expect(both.instance.siteIDs == ["V1", "V2", "V3", "L1"])
        #expect(both.instance.siteDistricts == [nil, nil, nil, "Two"])
        // Deciles 1, 5, 10: factors 2, 1 + 5/9, 1.
        #expect(both.instance.weights[0] == 200 && abs(both.instance.weights[1] - 300 * 14 / 9) < 1e-9)
        #expect(both.instance.weights[2] == 600)
        #expect(DemandWeighting.deprivationFactor(decile: nil) == 1)
        let everyone = NetworkOptimisation(data: Self.data, matrix: Self.matrix, candidates: [.libraries], weighting: .population)
        #expect(everyone.instance.weights == [1000, 3000, 6000] && everyone.instance.siteIDs == ["L1"])
    }

    @Test func namesResolveOrAreRefused() throws {
        let n = NetworkOptimisation(
            data: Self.data, matrix: Self.matrix, candidates: [.centres, .libraries], weighting: .underFives)
        #expect(try n.site(named: "centre  2") == 1)
        #expect(try n.site(named: "C3") == 2)
        #expect(try n.site(named: "L1") == 3)
        #expect(throws: LocationProblemError("2 candidate sites are called 'Venue V1'; give the venue id instead")) {
            try n.site(named: "Venue V1")
        }
        #expect(throws: LocationProblemError.self) { try n.site(named: "Centre 4") }  // no location, so not a candidate
        let rules = try n.rules(keep: ["Centre 1"], forbid: ["V3"], minimumPerDistrict: 1)
        #expect(rules == SiteRules(forced: [0], forbidden: [2], minimumPerDistrict: ["Two": 1]))
    }

    @Test func eachAreaFindsItsNearestChosenSite() {
        let n = NetworkOptimisation(
            data: Self.data, matrix: Self.matrix, candidates: [.centres, .libraries], weighting: .underFives)
        let two = n.nearest([3, 0])
        #expect(two.map { $0?.site } == [3, 0, 3])
        #expect(two.map { $0?.minutes } == [8, 20, 60])
        let one = n.nearest([2])
        #expect(one[0] == nil && one[1]?.minutes == 50 && one[2]?.minutes == 14)
    }

    @Test func answersAndProposalsOnTheSameTerms() throws {
        let n = NetworkOptimisation(data: Self.data, matrix: Self.matrix, candidates: [.centres], weighting: .underFives)
        let solver = LocationSolver(instance: n.instance)
        // Within 15 minutes V1 reaches A1 (100), V2 A2 (300), V3 A3 (600): one site → V3.
        let one = try solver.solve(.maximalCovering(sites: 1, minutes: 15))
        #expect(one.sites == [2] && one.objective == 600)
        // p-median, one site: V1 1,000 + 6,000 + 42,000; V2 4,000 + 3,600 + 21,000 = 28,600;
        // V3 9,000 (A1 unreachable, counted at 90) + 15,000 + 8,400.
        let median = try solver.solve(.pMedian(sites: 1, unreachableMinutes: 90))
        #expect(median.sites == [1] && median.objective == 28_600)
        // Centre 1 alone, scored as a proposal: A1 within 15; mean (1,000 + 6,000 + 42,000) / 1,000.
        let c1 = n.evaluate(venueIDs: ["V1", "V4"], minutes: 15)
        #expect(c1.covered == 100 && c1.meanMinutes == 49 && c1.placed == 1)
        let frontier = try solver.frontier(upTo: 5, minutes: 15, unreachableMinutes: 90)
        #expect(frontier.map(\.sites) == [1, 2, 3])
        #expect(frontier.map(\.coverage.objective) == [600, 900, 1000])
        #expect(frontier.allSatisfy { $0.coverage.provenOptimal && $0.median.provenOptimal && $0.cost == nil })
        // Two sites, p-median: V1 + V3 (A1 10, A2 20, A3 14) = 15,400 beats V2 + V3 (40, 12, 14) = 16,000.
        #expect(frontier[1].median.objective == 1_000 + 6_000 + 8_400 && frontier[1].median.sites == [0, 2])
    }

    @Test func anAnswerBecomesADraftProposal() throws {
        let n = NetworkOptimisation(
            data: Self.data, matrix: Self.matrix, candidates: [.centres, .libraries], weighting: .underFives)
        let s = try LocationSolver(instance: n.instance, rules: SiteRules(forced: [3])).solve(
            .maximalCovering(sites: 2, minutes: 15))
        #expect(s.sites == [2, 3])
        let p = n.draft(s, id: "opt", title: "Two sites", author: "Test", summary: "From the optimiser")
        #expect(p.openBaseIDs == ["C3"])
        #expect(p.decisions.filter { $0.decision == .closed }.map(\.centreID) == ["C1", "C2", "C4"])
        #expect(p.outreachVenues.map(\.venueID) == ["L1"])
        #expect(
            p.problems(centreIDs: Set(Self.data.centres.map(\.id)), venueIDs: Set(Self.data.venues.map(\.id)), sourceIDs: [])
                .isEmpty)
        let report = OptimiserReport(
            problem: .maximalCovering(sites: 2, minutes: 15), solution: s, instance: n.instance, rules: SiteRules(forced: [3]),
            siteNames: ["a", "b", "c", "d"], inputs: ["fixture"])
        // L1 is nearest for A1 (8 min, within) and A2 (45 against V3's 50, beyond); V3 for A3 (14, within).
        #expect(report.sites.map(\.id) == ["V3", "L1"] && report.sites.map(\.points) == [1, 2])
        #expect(report.sites.map(\.weight) == [600, 400])
        #expect(report.sites.map(\.weightWithin) == [600, 100] && report.sites.map(\.kept) == [false, true])
        #expect(report.coveredShare == 0.7 && report.unreachableWeight == 0)
    }
}
