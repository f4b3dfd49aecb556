import CentresCore
import CentresIO
import Foundation

/// Small exact data packs for tests, and access to the shipped Norfolk pack.
public enum Fixtures {
    /// The repository root, found from this file's path.
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    public static let norfolkPack = repositoryRoot.appendingPathComponent("Data/norfolk")

    /// Text that breaks pages which forget to escape.
    public static let hostile = "Tom's \"<b>bold</b>\" & <script>alert('x')</script>"

    /// A two-district pack with every kind of row, small enough to reason about by hand.
    /// With `hostile`, every name and free-text field carries `Fixtures.hostile`.
    public static func smallPack(hostile: Bool = false) -> DataPack {
        func t(_ s: String) -> String { hostile ? "\(s) \(Fixtures.hostile)" : s }
        let box = ["min_lat": "52.0", "min_lon": "0.0", "max_lat": "53.5", "max_lon": "2.0"]
        let d1 = District(code: "E07000001", name: t("Northshire")), d2 = District(code: "E07000002", name: t("Southshire"))
        func area(_ n: Int, _ d: District, _ lat: Double, _ lon: Double, u5: Int, decile: Int) -> Area {
            Area(
                code: "E0100000\(n)", name: t("Area \(n)"), districtCode: d.code, centroid: Coordinate(lat: lat, lon: lon),
                populationTotal: 1500, underFives: u5, populationYear: 2019,
                deprivation: Deprivation(score: Double(40 - decile * 3), rank: decile * 3000, decile: decile),
                classificationCode: "2a", classificationName: t("Ageing rural neighbourhoods"), ruralUrban: .rural)
        }
        let areas = [
            area(1, d1, 52.90, 1.10, u5: 60, decile: 2), area(2, d1, 52.85, 1.20, u5: 90, decile: 5),
            area(3, d2, 52.50, 1.00, u5: 120, decile: 9),
        ]
        let square = { (lat: Double, lon: Double) -> [[[Coordinate]]] in
            [
                [
                    [
                        Coordinate(lat: lat - 0.02, lon: lon - 0.02), Coordinate(lat: lat - 0.02, lon: lon + 0.02),
                        Coordinate(lat: lat + 0.02, lon: lon + 0.02), Coordinate(lat: lat + 0.02, lon: lon - 0.02),
                        Coordinate(lat: lat - 0.02, lon: lon - 0.02),
                    ]
                ]
            ]
        }
        let venues = [
            Venue(
                id: "lib-north", kind: .library, name: t("North Library"), address: t("1 High Street"), postcode: "NR1 1AA",
                location: Coordinate(lat: 52.90, lon: 1.11), locationQuality: .exact, locationMethod: t("Postcode centroid"),
                districtCode: d1.code, areaCode: "E01000001", sourceID: "src-lib"),
            Venue(
                id: "ccv-north", kind: .childrensCentre, name: t("North Children's Centre"), address: t("North Town"),
                location: Coordinate(lat: 52.86, lon: 1.19), locationQuality: .approximateTown, locationMethod: t("Town point"),
                districtCode: d1.code, sourceID: "src-cc"),
            Venue(
                id: "ccv-south", kind: .childrensCentre, name: t("South Children's Centre"), location: nil,
                locationQuality: .unknown, locationMethod: t("No place known"), districtCode: d2.code, sourceID: "src-cc"),
        ]
        let sept = SimpleDate(year: 2018, month: 9, day: 17)!, jan = SimpleDate(year: 2019, month: 1, day: 22)!
        let centres = [
            Centre(
                id: "cc-north", name: t("North Children's Centre"), venueID: "ccv-north", confidence: .high, notes: t("Notes"),
                events: [
                    CentreEvent(date: sept, status: .designated, stage: .reported, sourceIDs: ["src-cc"]),
                    CentreEvent(date: sept, status: .base, stage: .proposed, sourceIDs: ["src-cc"], note: t("Proposed")),
                    CentreEvent(date: jan, status: .base, stage: .decided, sourceIDs: ["src-cc", "src-lib"]),
                ]),
            Centre(
                id: "cc-south", name: t("South Children's Centre"), venueID: "ccv-south", confidence: .low,
                events: [
                    CentreEvent(date: sept, status: .designated, stage: .reported, sourceIDs: ["src-cc"]),
                    CentreEvent(date: jan, status: .deDesignated, stage: .decided, sourceIDs: ["src-cc"]),
                ]),
        ]
        return DataPack(
            manifest: box.merging([
                "name": "small", "version": "1", "county_name": t("Testshire"), "description": t("A test pack"),
            ]) { a, _ in a },
            sources: [
                Source(
                    id: "src-cc", title: t("News report"), publisher: t("Paper"), url: "https://example.org/cc?a=1&b=2",
                    licence: "Facts only"),
                Source(
                    id: "src-lib", title: t("Library list"), publisher: "DCMS", url: "https://example.org/lib", licence: "OGL v3",
                    attribution: t("Contains public sector information")),
            ],
            provenance: [
                Provenance(file: "areas.csv", column: "under_fives", sourceID: "src-lib", method: t("Mid-2019 estimate"))
            ],
            districts: [d1, d2], areas: areas, venues: venues, centres: centres,
            serviceCategories: [
                ServiceCategory(code: "stay-and-play", name: t("Stay and play"), description: t("Play sessions"))
            ],
            services: [
                Service(
                    id: "svc-play", name: t("Stay and play"), category: "stay-and-play", minAgeMonths: 0, maxAgeMonths: 60,
                    cost: t("Free"), sourceID: "src-cc")
            ],
            sessions: [
                Session(
                    id: "ses-1", serviceID: "svc-play", venueID: "lib-north", recurrence: .weekly, dayOfWeek: .tuesday,
                    startTime: TimeOfDay(hour: 9, minute: 30)!, endTime: TimeOfDay(hour: 11, minute: 0)!,
                    note: t("Bring a snack"), sourceID: "src-cc")
            ],
            budgetLines: [
                BudgetLine(id: "front", name: t("Front line"), currentGBP: 700, proposedGBP: 400, sourceID: "src-cc"),
                BudgetLine(id: "admin", name: "Admin", currentGBP: 300, proposedGBP: 100, sourceID: "src-cc"),
                BudgetLine(id: "total", name: "Total", currentGBP: 1000, proposedGBP: 500, sourceID: "src-cc"),
            ],
            facts: [
                Fact(
                    id: "count", description: t("Centres before the change"), value: "2", unit: "centres", asOf: "2018-09-17",
                    sourceID: "src-cc")
            ],
            postcodes: [
                PostcodeEntry(
                    postcode: Postcode("NR1 1AA")!, location: Coordinate(lat: 52.90, lon: 1.11), districtCode: d1.code,
                    positionalQuality: 10),
                PostcodeEntry(
                    postcode: Postcode("NR2 2BB")!, location: Coordinate(lat: 52.50, lon: 1.00), districtCode: d2.code,
                    positionalQuality: 10),
            ],
            places: [
                Place(
                    name: "Northtown", kind: "geonames_place", districtCode: d1.code, location: Coordinate(lat: 52.86, lon: 1.19),
                    sourceID: "src-lib"),
                Place(
                    name: "Middle", kind: "ward", code: "E05000001", districtCode: d1.code,
                    location: Coordinate(lat: 52.8, lon: 1.1)),
                Place(
                    name: "Middle", kind: "ward", code: "E05000002", districtCode: d2.code,
                    location: Coordinate(lat: 52.6, lon: 1.0)),
            ],
            boundaries: areas.map {
                AreaBoundary(code: $0.code, isMulti: false, polygons: square($0.centroid.lat, $0.centroid.lon))
            },
            proposals: smallProposals(t))
    }

    /// Today's network and a plan that keeps one base, shipped with the small pack.
    static func smallProposals(_ t: (String) -> String) -> [Proposal] {
        let front = t("Front line")
        let budget = { (proposed: Int) in
            [
                ProposalBudgetLine(id: "front", name: front, currentGBP: 700, proposedGBP: proposed - 100),
                ProposalBudgetLine(id: "admin", name: "Admin", currentGBP: 300, proposedGBP: 100),
                ProposalBudgetLine(id: "total", name: "Total", currentGBP: 1000, proposedGBP: proposed),
            ]
        }
        return [
            Proposal(
                id: "small-network", title: t("Network today"), author: t("Testshire Council"), status: .decided,
                summary: t("Both centres open"),
                decisions: [
                    CentreDecisionEntry(centreID: "cc-north", decision: .base),
                    CentreDecisionEntry(centreID: "cc-south", decision: .base),
                ], budget: budget(1000), sourceIDs: ["src-cc"]),
            Proposal(
                id: "small-plan", title: t("One base"), author: t("Testshire Council"), organisation: t("Council"), version: 2,
                revises: "small-network", changeNote: t("South closes"), status: .underConsultation,
                publishedOn: SimpleDate(year: 2018, month: 9, day: 17),
                consultationOpens: SimpleDate(year: 2018, month: 9, day: 17),
                consultationCloses: SimpleDate(year: 2018, month: 11, day: 12), summary: t("Keep North"),
                decisions: [
                    CentreDecisionEntry(centreID: "cc-north", decision: .base, reason: t("Most children")),
                    CentreDecisionEntry(
                        centreID: "cc-south", decision: .closed, reason: t("Fewest children"), sessionsMoveTo: "lib-north"),
                ], outreachVenues: [OutreachVenue(venueID: "lib-north", reason: t("Library sessions"))], budget: budget(500),
                sourceIDs: ["src-cc", "src-lib"]),
        ]
    }

    /// A fresh temporary folder, removed by the caller with `FileManager.removeItem`.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("centres-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Copies `source` (a pack folder) to a new temporary folder so a test can damage one file.
    public static func copyOfPack(_ source: URL = norfolkPack) throws -> URL {
        let dir = try temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: source.path) {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        return dir
    }
}

/// SplitMix64: a small, fast, seedable generator so property tests are repeatable.
public struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
public typealias SplitMix64 = SeededGenerator
