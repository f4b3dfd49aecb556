import CentresCore
import Planning
import TravelTime

/// Three areas, four centres (one with no known location) and a hand-written car matrix, small
/// enough that every figure in the tests is worked out by hand in a comment.
enum PlanningFixture {
    static func area(_ code: String, district: String, u5: Int, decile: Int?, _ ru: RuralUrban?) -> Area {
        Area(
            code: code, name: "Area \(code)", districtCode: district, centroid: Coordinate(lat: 52.6, lon: 1.3),
            populationTotal: u5 * 10, underFives: u5, populationYear: 2019,
            deprivation: Deprivation(score: nil, rank: nil, decile: decile), ruralUrban: ru)
    }

    static let areas = [
        area("A1", district: "D1", u5: 100, decile: 1, .rural),
        area("A2", district: "D1", u5: 300, decile: 5, .urban),
        area("A3", district: "D2", u5: 600, decile: 10, .urban),
    ]

    static let venues = ["V1", "V2", "V3", "V4"].map { id in
        Venue(
            id: id, kind: .childrensCentre, name: "Venue \(id)", location: id == "V4" ? nil : Coordinate(lat: 52.6, lon: 1.3),
            locationQuality: id == "V4" ? .unknown : .exact)
    }

    static let centres = (1...4).map { n in Centre(id: "C\(n)", name: "Centre \(n)", venueID: "V\(n)", confidence: .high) }

    /// Minutes by car; V4 has no location, so no times.
    static let matrix = TravelTimeMatrix(
        origins: ["A1", "A2", "A3"], destinations: ["V1", "V2", "V3", "V4"],
        layers: [
            .init(
                name: "minutes",
                values: [
                    10, 40, nil, nil,
                    20, 12, 50, nil,
                    70, 35, 14, nil,
                ])
        ], metadata: MatrixMetadata(mode: .car, method: .estimate, maxMinutes: 90))

    static let data = PlanningData(
        packName: "Test", packVersion: "1", areas: areas, districtNames: ["D1": "One", "D2": "Two"], centres: centres,
        venues: venues, offers: [(service: "S1", venue: "V2"), (service: "S2", venue: "V3")],
        serviceNames: ["S1": "Stay and play", "S2": "Health visiting"])

    static let statusQuo = Proposal(
        id: "now", title: "Today", author: "Test", status: .decided,
        decisions: centres.map { CentreDecisionEntry(centreID: $0.id, decision: .base) })

    static let cuts = Proposal(
        id: "cuts", title: "Cuts", author: "Council", version: 1, status: .underConsultation,
        decisions: [
            CentreDecisionEntry(centreID: "C1", decision: .base, reason: "Busiest"),
            CentreDecisionEntry(centreID: "C2", decision: .closed, reason: "Near C1", sessionsMoveTo: "V1"),
            CentreDecisionEntry(centreID: "C3", decision: .outreach, reason: "Rural"),
            CentreDecisionEntry(centreID: "C4", decision: .base, reason: "Location unknown"),
        ],
        budget: [
            ProposalBudgetLine(id: "staff", name: "Staff", currentGBP: 600, proposedGBP: 300),
            ProposalBudgetLine(id: "buildings", name: "Buildings", currentGBP: 400, proposedGBP: 200),
            ProposalBudgetLine(id: "total", name: "Total", currentGBP: 1000, proposedGBP: 500),
        ])
}
