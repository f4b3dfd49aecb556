import CentresCore
import Planning
import Testing

@Suite struct ProposalValidationTests {
    let centres: Set<String> = ["C1", "C2", "C3", "C4"]
    let venues: Set<String> = ["V1", "V2", "V3", "V4", "LIB"]

    @Test func aGoodProposalHasNoProblems() {
        #expect(PlanningFixture.cuts.problems(centreIDs: centres, venueIDs: venues).isEmpty)
    }

    @Test func eachFaultIsNamedWithItsPlace() {
        var p = PlanningFixture.cuts
        p.decisions.append(CentreDecisionEntry(centreID: "C9", decision: .closed))
        p.decisions.append(CentreDecisionEntry(centreID: "C1", decision: .outreach))
        p.decisions[1].sessionsMoveTo = "NOWHERE"
        p.outreachVenues = [OutreachVenue(venueID: "LIB"), OutreachVenue(venueID: "HALL")]
        p.budget[2].proposedGBP = 499
        let problems = p.problems(centreIDs: centres, venueIDs: venues)
        #expect(
            problems.map(\.description) == [
                "decision 2, sessions_move_to: no venue 'NOWHERE' in the data pack",
                "decision 5, centre_id: no centre 'C9' in the data pack",
                "decision 6, centre_id: 'C1' is already decided in decision 1",
                "outreach venue 2, venue_id: no venue 'HALL' in the data pack",
                "budget line 3, proposed_gbp: total 499 is not the sum of the lines (500)",
            ])
    }

    @Test func noBaseAndBadAmalgamationsAreRejected() {
        var p = PlanningFixture.cuts
        p.decisions = [
            CentreDecisionEntry(centreID: "C1", decision: .amalgamated, amalgamatedWith: "C2"),
            CentreDecisionEntry(centreID: "C2", decision: .closed),
            CentreDecisionEntry(centreID: "C3", decision: .amalgamated),
            CentreDecisionEntry(centreID: "C4", decision: .outreach, amalgamatedWith: "C1"),
        ]
        p.budget = [ProposalBudgetLine(id: "staff", name: "Staff", currentGBP: -1, proposedGBP: 0)]
        #expect(
            p.problems(centreIDs: centres, venueIDs: venues).map(\.description) == [
                "decision 1, amalgamated_with: 'C2' is not a centre kept open by this proposal",
                "decision 3, amalgamated_with: an amalgamated centre needs the centre it joins",
                "decision 4, amalgamated_with: only an amalgamated centre joins another",
                "decisions: no centre stays as a base: a network needs at least one",
                "budget line 1, current_gbp: is negative",
                "budget: needs exactly one line with id 'total'",
            ])
    }
}
