import CentresCore
import CentresTestSupport
import Planning
import Testing
import TravelTime

/// Seeded random networks: closing a base never improves anyone's nearest time; opening one never worsens it.
@Suite struct AssessmentPropertyTests {
    @Test func closingNeverImprovesAndOpeningNeverWorsens() {
        var rng = SplitMix64(seed: 2018)
        for _ in 0..<200 {
            let areaCount = Int.random(in: 1...12, using: &rng), venueCount = Int.random(in: 1...8, using: &rng)
            let areas = (0..<areaCount).map { i in
                PlanningFixture.area(
                    "A\(i)", district: "D\(i % 3)", u5: Int.random(in: 0...800, using: &rng),
                    decile: Bool.random(using: &rng) ? Int.random(in: 1...10, using: &rng) : nil,
                    [RuralUrban.rural, .urban, nil].randomElement(using: &rng)!)
            }
            let venues = (0..<venueCount).map { j in
                Venue(
                    id: "V\(j)", kind: .childrensCentre, name: "V\(j)", location: Coordinate(lat: 52.6, lon: 1.3),
                    locationQuality: .exact)
            }
            let centres = (0..<venueCount).map { j in Centre(id: "C\(j)", name: "C\(j)", venueID: "V\(j)", confidence: .high) }
            let values = (0..<(areaCount * venueCount)).map { _ in
                Int.random(in: 0..<5, using: &rng) == 0 ? nil : Optional(Double(Int.random(in: 0...900, using: &rng)) / 10)
            }
            let matrix = TravelTimeMatrix(
                origins: areas.map(\.code), destinations: venues.map(\.id), layers: [.init(name: "minutes", values: values)],
                metadata: MatrixMetadata(mode: .walk, method: .estimate, maxMinutes: 90))
            let assessor = Assessor(
                data: PlanningData(
                    packName: "R", packVersion: "1", areas: areas, districtNames: [:], centres: centres, venues: venues),
                matrix: matrix)
            var open = centres.map { _ in Bool.random(using: &rng) }
            open[Int.random(in: 0..<venueCount, using: &rng)] = true
            func proposal(_ open: [Bool]) -> Proposal {
                Proposal(
                    id: "p", title: "p", author: "t",
                    decisions: centres.indices.map {
                        CentreDecisionEntry(centreID: centres[$0].id, decision: open[$0] ? .base : .closed)
                    })
            }
            let before = assessor.nearestBases(proposal(open)).map { $0.minutes ?? .infinity }
            let k = Int.random(in: 0..<venueCount, using: &rng)
            var changed = open
            changed[k].toggle()
            let after = assessor.nearestBases(proposal(changed)).map { $0.minutes ?? .infinity }
            for i in before.indices {
                if changed[k] {
                    #expect(after[i] <= before[i])  // opened a base
                } else {
                    #expect(after[i] >= before[i])  // closed a base
                }
            }
            // The figures agree with the per-area times they summarise.
            let r = assessor.assess(proposal(changed), baseline: proposal(open))
            let within30 = r.areas.filter { ($0.minutes ?? .infinity) <= 30 }.reduce(0) { $0 + $1.underFives }
            #expect(r.overall.bands[1].underFives == within30)
            #expect(r.reach.reduce(0) { $0 + $1.underFives } + r.overall.unreachableUnderFives == r.overall.underFives)
            // Opening a base leaves nobody newly beyond a band.
            if changed[k] { #expect(r.overall.bands.allSatisfy { $0.newlyBeyond == 0 }) }
        }
    }
}
