import CentresCore
import Planning
import Testing

@Suite struct ComparisonTests {
    /// Status quo against the cuts, by hand: today A1 10 (C1), A2 12 (C2), A3 14 (C3); under the
    /// cuts only C1 (and C4, unplaced) is open: A1 10, A2 20, A3 70. Weighted by 100/300/600:
    /// average 13.0 → 49.0 minutes; within 30 minutes 1,000 → 400.
    @Test func figuresAndDifferencesWorkedByHand() throws {
        let c = ProposalComparison(
            first: PlanningFixture.statusQuo, second: PlanningFixture.cuts,
            assessor: Assessor(data: PlanningFixture.data, matrix: PlanningFixture.matrix))
        let figures = try #require(c.tables.first { $0.id == "figures" })
        func row(_ key: String) -> [String] { figures.rows.first { $0[0].value == key }!.map(\.value) }
        #expect(row("average_minutes") == ["average_minutes", "13.00", "49.00", "36.00"])
        #expect(row("within_30") == ["within_30", "1000", "400", "-600"])
        #expect(row("centres_base") == ["centres_base", "4", "2", "-2"])
        #expect(c.secondAssessment.baselineID == "now" && c.firstAssessment.baselineID == nil)
        let differences = try #require(c.tables.first { $0.id == "differences" })
        #expect(differences.rows.map { $0.map(\.value) } == [["C2", "base", "de-designated"], ["C3", "base", "outreach"]])
        let districts = try #require(c.tables.first { $0.id == "districts" })
        // D1: (100×10 + 300×12) / 400 = 11.5 → (100×10 + 300×20) / 400 = 17.5; D2: 14 → 70.
        #expect(districts.rows.map { $0.map(\.value) }[0].prefix(4) == ["D1", "11.50", "17.50", "6.00"])
        #expect(districts.rows.map { $0.map(\.value) }[1].prefix(4) == ["D2", "14.00", "70.00", "56.00"])
    }
}
