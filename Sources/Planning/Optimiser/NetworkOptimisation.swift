import CentresCore
import TravelTime

/// Which venues may be chosen as bases.
public enum CandidateKind: String, CaseIterable, Sendable, Codable {
    /// The venues the pack's children's centres stand in.
    case centres
    /// Libraries that are not already a centre's venue.
    case libraries
    /// Every other located venue (village halls, schools, clinics, community buildings …).
    case venues

    public var label: String {
        switch self {
        case .centres: "Children's centres"
        case .libraries: "Libraries"
        case .venues: "Other venues (halls, schools, clinics …)"
        }
    }
}

/// What each small area's demand counts as.
public enum DemandWeighting: String, CaseIterable, Sendable, Codable {
    /// Children aged 0–4 (the pack's population estimate).
    case underFives = "under-fives"
    /// Children aged 0–4 × a deprivation factor: 2 in the most deprived decile falling evenly to 1
    /// in the least, 1 where the decile is unknown (see `deprivationFactor`).
    case underFivesDeprivation = "under-fives-deprivation"
    /// Everyone (all ages).
    case population

    public var label: String {
        switch self {
        case .underFives: "Children under five"
        case .underFivesDeprivation: "Children under five, weighted by deprivation (×2 most deprived … ×1 least)"
        case .population: "Everyone (all ages)"
        }
    }

    /// 1 + (10 − decile) ÷ 9: decile 1 (most deprived 10 %) counts double, decile 10 once.
    public static func deprivationFactor(decile: Int?) -> Double {
        guard let decile, (1...10).contains(decile) else { return 1 }
        return 1 + Double(10 - decile) / 9
    }

    public func weight(_ area: Area) -> Double {
        switch self {
        case .underFives: Double(area.underFives)
        case .underFivesDeprivation: Double(area.underFives) * Self.deprivationFactor(decile: area.deprivation.decile)
        case .population: Double(area.populationTotal)
        }
    }
}

/// A data pack's network as a location problem: its small areas as demand (weighted as asked),
/// the chosen kinds of venue as candidate sites, and the stored travel-time matrix between them.
/// Sites carry their district's name so "at least k per district" reads in people's words.
public struct NetworkOptimisation: Sendable {
    public let data: PlanningData
    public let matrix: TravelTimeMatrix
    public let candidates: [CandidateKind]
    public let weighting: DemandWeighting
    public private(set) var instance: LocationInstance
    /// The venue behind each site, and the centre standing in it (if any).
    public let venues: [Venue]
    public let centreOfSite: [Centre?]
    /// Candidates left out because they have no location (or the matrix has no column for them).
    public let unplaced: [Venue]
    private let columnOf: [String: Int]
    private let rowOf: [String: Int]

    public init(data: PlanningData, matrix: TravelTimeMatrix, candidates: [CandidateKind], weighting: DemandWeighting) {
        self.data = data
        self.matrix = matrix
        self.candidates = CandidateKind.allCases.filter(candidates.contains)
        self.weighting = weighting
        let centreByVenue = Dictionary(data.centres.map { ($0.venueID, $0) }, uniquingKeysWith: { a, _ in a })
        let column = Dictionary(matrix.destinations.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let row = Dictionary(matrix.origins.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        (columnOf, rowOf) = (column, row)
        let wanted = data.venues.filter { v in
            let kind: CandidateKind = centreByVenue[v.id] != nil ? .centres : v.kind == .library ? .libraries : .venues
            return candidates.contains(kind)
        }
        venues = wanted.filter { $0.location != nil && column[$0.id] != nil }
        unplaced = wanted.filter { $0.location == nil || column[$0.id] == nil }
        centreOfSite = venues.map { centreByVenue[$0.id] }
        let areaDistrict = Dictionary(data.areas.map { ($0.code, $0.districtCode) }, uniquingKeysWith: { a, _ in a })
        let layer = matrix.layers[matrix.headlineLayer].values, n = matrix.destinations.count
        var minutes: [Double] = []
        minutes.reserveCapacity(data.areas.count * venues.count)
        for area in data.areas {
            for v in venues {
                minutes.append(row[area.code].flatMap { layer[$0 * n + column[v.id]!] } ?? .infinity)
            }
        }
        instance = LocationInstance(
            demandIDs: data.areas.map(\.code), siteIDs: venues.map(\.id), weights: data.areas.map(weighting.weight),
            minutes: minutes,
            siteDistricts: venues.map { v in
                (v.districtCode ?? v.areaCode.flatMap { areaDistrict[$0] }).map { data.districtNames[$0] ?? $0 }
            })
    }

    /// These sites with the running costs people gave, by a centre's or venue's name or id (never
    /// invented: a candidate not given one has none, and budget covering then says which).
    public func costed(_ costs: [String: Double]) throws(LocationProblemError) -> NetworkOptimisation {
        var costed = self
        for (name, cost) in costs {
            guard cost >= 0, cost.isFinite, cost <= Double(Money.largestGBP) else {
                throw LocationProblemError("the cost of '\(name)' must be a number of pounds, 0 or more")
            }
            let j: Int
            do { j = try site(named: name) } catch {
                // A site of the pack that is not a candidate here (another kind, or no location):
                // its cost has nothing to apply to; a name the pack does not know is a mistake.
                let key = Self.normalised(name)
                let known =
                    data.centres.contains { $0.id == name || Self.normalised($0.name) == key }
                    || data.venues.contains { $0.id == name || Self.normalised($0.name) == key }
                if known { continue }
                throw error
            }
            if let earlier = costed.instance.siteCosts[j], earlier != cost {
                throw LocationProblemError("'\(name)' is given two different costs (is it named twice, by name and id?)")
            }
            costed.instance.siteCosts[j] = cost
        }
        return costed
    }

    /// The site a person means by `text`: a venue id, a centre id, or a centre's or venue's name
    /// (case and spacing ignored). Names shared by several sites are refused rather than guessed.
    public func site(named text: String) throws(LocationProblemError) -> Int {
        let key = Self.normalised(text)
        if let j = venues.firstIndex(where: { $0.id == text }) ?? centreOfSite.firstIndex(where: { $0?.id == text }) {
            return j
        }
        let matches = venues.indices.filter {
            Self.normalised(venues[$0].name) == key || centreOfSite[$0].map { Self.normalised($0.name) == key } == true
        }
        guard matches.count == 1 else {
            throw LocationProblemError(
                matches.isEmpty
                    ? "no candidate site is called '\(text)' (give a centre's or venue's name or id; is its kind among the candidates?)"
                    : "\(matches.count) candidate sites are called '\(text)'; give the venue id instead")
        }
        return matches[0]
    }

    static func normalised(_ s: String) -> String {
        s.lowercased().replacingOccurrences(of: "’", with: "'").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Rules from names: sites kept open, sites forbidden, at least `minimumPerDistrict` in every
    /// district that has candidates, and each named district's own minimum and maximum.
    public func rules(
        keep: [String], forbid: [String], minimumPerDistrict: Int, minimumByDistrict: [String: Int] = [:],
        maximumByDistrict: [String: Int] = [:]
    ) throws(LocationProblemError) -> SiteRules {
        try SiteRules().adding(
            keep: keep, forbid: forbid, minimumPerDistrict: minimumPerDistrict, minimumByDistrict: minimumByDistrict,
            maximumByDistrict: maximumByDistrict, in: instance
        ) { (name: String) throws(LocationProblemError) -> Int in try site(named: name) }
    }

    /// Weight within `minutes` and the weighted mean minutes to the nearest of `venueIDs` (any
    /// venue in the matrix, not only candidates): how an actual proposal's bases score on the same
    /// terms as the optimiser's answers.
    public func evaluate(venueIDs: [String], minutes radius: Double, weighting: DemandWeighting? = nil) -> (
        covered: Double, meanMinutes: Double?, placed: Int
    ) {
        let located = Set(data.venues.filter { $0.location != nil }.map(\.id))
        let columns = Set(venueIDs.filter(located.contains).compactMap { columnOf[$0] }).sorted()
        let layer = matrix.layers[matrix.headlineLayer].values, n = matrix.destinations.count
        var covered = 0.0, weighted = 0.0, reached = 0.0
        for (a, area) in data.areas.enumerated() {
            guard let r = rowOf[area.code] else { continue }
            guard let nearest = columns.compactMap({ layer[r * n + $0] }).min() else { continue }
            let w = weighting.map { $0.weight(area) } ?? instance.weights[a]
            if nearest <= radius { covered += w }
            weighted += w * nearest
            reached += w
        }
        return (covered, reached > 0 ? weighted / reached : nil, columns.count)
    }

    /// Each area's nearest chosen site and the time to it, nil where none is in reach: what the
    /// answer's map shades. Ties go to the lower site index, as in the report.
    public func nearest(_ sites: [Int]) -> [(site: Int, minutes: Double)?] {
        (0..<instance.demandCount).map { i in
            var best: (site: Int, minutes: Double)?
            for j in sites.sorted() where instance.time(i, j).isFinite && instance.time(i, j) < (best?.minutes ?? .infinity) {
                best = (j, instance.time(i, j))
            }
            return best
        }
    }

    /// A draft proposal from an answer: chosen centres stay as bases, every other centre is
    /// de-designated, and chosen venues that are not centres become outreach venues (a proposal's
    /// bases are centres), each with the reason.
    public func draft(_ solution: LocationSolution, id: String, title: String, author: String, summary: String) -> Proposal {
        let chosen = Set(solution.sites)
        let chosenCentres = Set(solution.sites.compactMap { centreOfSite[$0]?.id })
        return Proposal(
            id: id, title: title, author: author, status: .draft, summary: summary,
            decisions: data.centres.map { c in
                chosenCentres.contains(c.id)
                    ? CentreDecisionEntry(centreID: c.id, decision: .base, reason: "Chosen by the optimiser")
                    : CentreDecisionEntry(centreID: c.id, decision: .closed, reason: "Not chosen by the optimiser")
            },
            outreachVenues: chosen.sorted().filter { centreOfSite[$0] == nil }.map {
                OutreachVenue(venueID: venues[$0].id, reason: "Chosen by the optimiser as a base (not a centre)")
            })
    }
}
