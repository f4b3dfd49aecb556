import CentresCore

/// The parts of a data pack an assessment reads: areas with their under-fives, centres and the
/// venues they stand in, and which services are offered where (from the sessions).
public struct PlanningData: Sendable {
    public var packName: String
    public var packVersion: String
    public var areas: [Area]
    public var districtNames: [String: String]
    public var centres: [Centre]
    public var venues: [Venue]
    /// (service id, venue id) for every session, so the services each venue offers today.
    public var offers: [(service: String, venue: String)]
    public var serviceNames: [String: String]

    public init(
        packName: String, packVersion: String, areas: [Area], districtNames: [String: String], centres: [Centre],
        venues: [Venue], offers: [(service: String, venue: String)] = [], serviceNames: [String: String] = [:]
    ) {
        self.packName = packName
        self.packVersion = packVersion
        self.areas = areas
        self.districtNames = districtNames
        self.centres = centres
        self.venues = venues
        self.offers = offers
        self.serviceNames = serviceNames
    }

    public init(_ pack: DataPack) {
        self.init(
            packName: pack.name, packVersion: pack.version, areas: pack.areas,
            districtNames: Dictionary(uniqueKeysWithValues: pack.districts.map { ($0.code, $0.name) }), centres: pack.centres,
            venues: pack.venues, offers: pack.sessions.map { ($0.serviceID, $0.venueID) },
            serviceNames: Dictionary(pack.services.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
    }
}

extension PlanningData {
    /// Centre id → name (the first, should a pack repeat an id).
    public var centreNames: [String: String] {
        Dictionary(centres.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    /// The network as the pack last records it: each centre's latest reported or decided status
    /// (designated or base → base; de-designated, closed or handed over → closed; else not known).
    public var today: Proposal {
        Proposal(
            id: "today", title: "Today (each centre's latest recorded status)", author: "The data pack",
            summary: "Built from the latest reported or decided status of each centre in the data pack.",
            decisions: centres.map { c in
                let decision: CentreDecision =
                    switch c.status(on: .latest)?.status {
                    case .designated, .base: .base
                    case .deDesignated, .closed, .handedOver: .closed
                    case .unknown, nil: .unknown
                    }
                return CentreDecisionEntry(centreID: c.id, decision: decision)
            })
    }
}
