import CentresCore
import Planning
import Testing
import TravelTime

@Suite struct AssessmentTests {
    let assessor: Assessor = {
        var a = Assessor(data: PlanningFixture.data, matrix: PlanningFixture.matrix)
        a.savingsTargetGBP = 600
        return a
    }()

    @Test func nearestBaseAndPopulationWeightedFigures() throws {
        let r = assessor.assess(PlanningFixture.cuts, baseline: PlanningFixture.statusQuo)
        // Only C1 is a placed base (C4 has no location): A1 10, A2 20, A3 70 minutes.
        #expect(r.areas.map(\.nearestBase) == ["C1", "C1", "C1"])
        #expect(r.areas.map(\.minutes) == [10, 20, 70])
        // Baseline, every centre open: A1 → C1 10, A2 → C2 12, A3 → C3 14.
        #expect(r.areas.map(\.baselineBase) == ["C1", "C2", "C3"])
        #expect(r.unplacedBases == ["C4"])
        #expect(r.unknownCentres.isEmpty)
        #expect(r.decisionCounts == ["base": 2, "de-designated": 1, "outreach": 1])
        // (100 × 10 + 300 × 20 + 600 × 70) / 1000 = 49; baseline (1000 + 3600 + 8400) / 1000 = 13.
        #expect(r.overall.averageMinutes == 49)
        #expect(r.overall.baselineAverageMinutes == 13)
        #expect(r.overall.underFives == 1000)
        #expect(r.overall.unreachableUnderFives == 0)
        // Within 15: A1 (100, 10%); newly beyond 15: A2 and A3 (900). Within 30/45/60: A1 + A2 (400); newly beyond: A3.
        #expect(r.overall.bands.map(\.underFives) == [100, 400, 400, 400])
        #expect(r.overall.bands.map(\.share) == [0.1, 0.4, 0.4, 0.4])
        #expect(r.overall.bands.map(\.newlyBeyond) == [900, 600, 600, 600])
    }

    @Test func breakdownsReachCostAndEquality() throws {
        let r = assessor.assess(PlanningFixture.cuts, baseline: PlanningFixture.statusQuo)
        #expect(r.byDistrict.map(\.label) == ["One", "Two"])
        // District One: A1 and A2, (100 × 10 + 300 × 20) / 400 = 17.5.
        #expect(r.byDistrict[0].averageMinutes == 17.5)
        #expect(r.byDistrict[1].averageMinutes == 70)
        #expect(r.byDecile.map(\.underFives) == [100, 0, 0, 0, 300, 0, 0, 0, 0, 600])
        #expect(r.byQuintile.map(\.underFives) == [100, 0, 300, 0, 600])
        #expect(r.byRuralUrban.map(\.underFives) == [100, 900])
        // C1 is nearest for all 1,000; in the baseline C1 100 and C2 300 fall below 600, C3 (600) does not.
        #expect(r.reach.map(\.underFives) == [1000])
        #expect(r.reach.map(\.belowThreshold) == [false])
        let before = assessor.assess(PlanningFixture.statusQuo)
        #expect(before.reach.map(\.centreID) == ["C1", "C2", "C3"])
        #expect(before.reach.map(\.belowThreshold) == [true, true, false])
        #expect(before.overall.bands.allSatisfy { $0.newlyBeyond == nil })
        // Budget 1000 → 500: saving 500, target 600, so 100 short.
        #expect(r.cost.currentGBP == 1000 && r.cost.proposedGBP == 500 && r.cost.savingGBP == 500)
        #expect(r.cost.targetSavingGBP == 600 && r.cost.shortfallGBP == 100)
        // Equality: decile 1 (A1) not worse; decile 5 (A2) 12 → 20, worse but within 30; decile 10 (A3) 14 → 70.
        let eq = Dictionary(uniqueKeysWithValues: r.equality.map { ($0.group, $0) })
        #expect(eq["decile-1"]?.affected == 0)
        #expect(eq["decile-5"]?.affected == 300)
        #expect(eq["decile-5"]?.newlyBeyond30 == 0)
        #expect(eq["decile-10"]?.affected == 600)
        #expect(eq["decile-10"]?.newlyBeyond30 == 600)
        #expect(eq["rural"]?.affected == 0)
        #expect(eq["urban"]?.affectedShare == 1)
        #expect(r.equality.count == 12)
    }

    @Test func servicesFollowTheirSessions() {
        let r = assessor.assess(PlanningFixture.cuts)
        // S1 was at V2 (C2 closes, sessions move to V1); S2 stays at V3 (outreach keeps its sessions).
        #expect(r.areas.map { $0.serviceMinutes["S1"] ?? nil } == [10, 20, 70])
        #expect(r.areas.map { $0.serviceMinutes["S2"] ?? nil } == [nil, 50, 14])
        var lost = PlanningFixture.cuts
        lost.decisions[1].sessionsMoveTo = nil
        #expect(assessor.assess(lost).areas.allSatisfy { $0.serviceMinutes["S1"] == nil })
    }

    @Test func unmentionedCentresAreCountedApartAndUnreachableAreasSeparately() {
        var p = PlanningFixture.cuts
        p.decisions.removeAll { $0.centreID == "C3" }
        p.decisions[0].decision = .outreach  // C1 no longer a base; only C4 (unplaced) remains
        let r = assessor.assess(p, baseline: PlanningFixture.statusQuo)
        #expect(r.unknownCentres == ["C3"])
        #expect(r.decisionCounts["unknown"] == 1)
        #expect(r.areas.allSatisfy { $0.minutes == nil && $0.nearestBase == nil })
        #expect(r.overall.unreachableUnderFives == 1000)
        #expect(r.overall.averageMinutes == nil)
        #expect(r.overall.bands.map(\.newlyBeyond) == [1000, 1000, 1000, 1000])
    }

    @Test func inputsTravelWithTheFigures() {
        let r = assessor.assess(PlanningFixture.cuts)
        #expect(r.inputs.packName == "Test")
        #expect(r.inputs.mode == .car)
        #expect(r.inputs.method == .estimate)
        #expect(r.inputs.layer == "minutes")
        #expect(r.inputs.reachThreshold == 600)
        #expect(r.inputs.populationYear == 2019)
    }
}
