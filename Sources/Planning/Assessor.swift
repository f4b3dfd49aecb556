import CentresCore
import TravelTime

/// Assesses proposals against one travel-time matrix (areas × venues), which it reads but never
/// recomputes: editing a proposal and assessing again costs only the look-ups.
///
/// Each area's time to the nearest open base is the smallest matrix cell over the venues of the
/// centres the proposal keeps open (bases and amalgamated centres), in the matrix's headline layer
/// (the median for public transport). Ties go to the centre that sorts first by id, so results
/// never depend on input order.
///
/// - Complexity: O(A × B) per proposal for A areas and B open bases, plus O(A × V) for the
///   per-service times over V venues offering services; no allocation proportional to the matrix.
public struct Assessor: Sendable {
    public let data: PlanningData
    public let matrix: TravelTimeMatrix
    public let layer: Int
    public var bands = [15, 30, 45, 60]
    public var reachThreshold = 600
    /// The saving the budget must find (Norfolk: £5m, from £10.2m to £5.2m); nil when not known.
    public var savingsTargetGBP: Int?

    private let rowOfArea: [Int?]
    private let columnOfVenue: [String: Int]
    private let venueByID: [String: Venue]
    private let centreByID: [String: Centre]

    public init(data: PlanningData, matrix: TravelTimeMatrix) {
        self.data = data
        self.matrix = matrix
        layer = matrix.headlineLayer
        let rows = Dictionary(matrix.origins.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        rowOfArea = data.areas.map { rows[$0.code] }
        columnOfVenue = Dictionary(matrix.destinations.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        venueByID = Dictionary(data.venues.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        centreByID = Dictionary(data.centres.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The minutes from area `a` (an index into `data.areas`) to the venue in `column`.
    private func minutes(area a: Int, column: Int) -> Double? {
        guard let r = rowOfArea[a] else { return nil }
        return matrix.layers[layer].values[r * matrix.destinations.count + column]
    }

    /// Open bases with a placed venue in the matrix, sorted by centre id; and those with no location.
    func placedBases(_ p: Proposal) -> (placed: [(centre: String, column: Int)], unplaced: [String]) {
        var placed: [(String, Int)] = [], unplaced: [String] = []
        for id in Set(p.openBaseIDs).sorted() {
            guard let c = centreByID[id], let v = venueByID[c.venueID], v.location != nil, let col = columnOfVenue[v.id] else {
                unplaced.append(id)
                continue
            }
            placed.append((id, col))
        }
        return (placed, unplaced)
    }

    /// For every area, the nearest open base and the minutes to it (nil when none is reachable).
    public func nearestBases(_ p: Proposal) -> [(base: String?, minutes: Double?)] { nearest(among: placedBases(p).placed) }

    /// The nearest open base from one area (an index into `data.areas`).
    public func nearestBase(_ p: Proposal, area a: Int) -> (base: String?, minutes: Double?) {
        nearest(area: a, among: placedBases(p).placed)
    }

    func nearest(among bases: [(centre: String, column: Int)]) -> [(base: String?, minutes: Double?)] {
        data.areas.indices.map { nearest(area: $0, among: bases) }
    }

    func nearest(area a: Int, among bases: [(centre: String, column: Int)]) -> (base: String?, minutes: Double?) {
        var best: (String?, Double?) = (nil, nil)
        for (centre, column) in bases {
            guard let m = minutes(area: a, column: column) else { continue }
            if best.1 == nil || m < best.1! { best = (centre, m) }
        }
        return best
    }

    /// Venues offering each service under the proposal: today's sessions, with those at a closing
    /// centre moved where the proposal says (or lost if it says nowhere).
    func serviceVenues(_ p: Proposal) -> [String: Set<String>] {
        var decisionAtVenue: [String: CentreDecisionEntry] = [:]
        for d in p.decisions {
            if let c = centreByID[d.centreID] { decisionAtVenue[c.venueID] = d }
        }
        var out: [String: Set<String>] = [:]
        for (service, venue) in data.offers {
            if let d = decisionAtVenue[venue], d.decision == .closed {
                if let moved = d.sessionsMoveTo { out[service, default: []].insert(moved) }
            } else {
                out[service, default: []].insert(venue)
            }
        }
        return out
    }

    public func assess(_ p: Proposal, baseline: Proposal? = nil) -> Assessment {
        let (placed, unplaced) = placedBases(p)
        let nearest = nearest(among: placed)
        let before = baseline.map(nearestBases)
        let services = serviceVenues(p).mapValues { venues in venues.compactMap { columnOfVenue[$0] }.sorted() }
        let outcomes = data.areas.indices.map { a -> AreaOutcome in
            let area = data.areas[a]
            var serviceMinutes: [String: Double?] = [:]
            for (service, columns) in services {
                serviceMinutes[service] = columns.compactMap { minutes(area: a, column: $0) }.min()
            }
            return AreaOutcome(
                code: area.code, name: area.name, districtCode: area.districtCode, underFives: area.underFives,
                deprivationDecile: area.deprivation.decile, ruralUrban: area.ruralUrban, nearestBase: nearest[a].base,
                minutes: nearest[a].minutes, baselineBase: before?[a].base, baselineMinutes: before?[a].minutes,
                serviceMinutes: serviceMinutes)
        }
        var counts: [String: Int] = [:]
        var unknown: [String] = []
        for c in data.centres {
            let d = p.decision(for: c.id)?.decision ?? .unknown
            counts[d.rawValue, default: 0] += 1
            if d == .unknown { unknown.append(c.id) }
        }
        let hasBaseline = baseline != nil
        let group = { (key: String, label: String, members: [AreaOutcome]) in
            Self.figures(key: key, label: label, members, bands: bands, hasBaseline: hasBaseline)
        }
        let deciles = (1...10).map { d in
            group("decile-\(d)", Deprivation.label(decile: d), outcomes.filter { $0.deprivationDecile == d })
        }
        let quintiles = (1...5).map { q in
            group(
                "quintile-\(q)", Deprivation.label(quintile: q),
                outcomes.filter { $0.deprivationDecile.map(Deprivation.quintile(ofDecile:)) == q })
        }
        return Assessment(
            proposalID: p.id, baselineID: baseline?.id, inputs: inputs(), decisionCounts: counts,
            unknownCentres: unknown.sorted(), unplacedBases: unplaced, overall: group("all", "All areas", outcomes),
            byDistrict: data.districtNames.keys.sorted().map { code in
                group(code, data.districtNames[code] ?? code, outcomes.filter { $0.districtCode == code })
            },
            byDecile: deciles, byQuintile: quintiles,
            byRuralUrban: RuralUrban.allCases.map { ru in
                group(ru.rawValue, ru.rawValue.capitalized, outcomes.filter { $0.ruralUrban == ru })
            },
            areas: outcomes, reach: reach(placed, outcomes: outcomes), cost: cost(p),
            equality: equality(outcomes, hasBaseline: hasBaseline))
    }

    func inputs() -> AssessmentInputs {
        let meta = matrix.metadata
        return AssessmentInputs(
            packName: data.packName, packVersion: data.packVersion, mode: meta.mode, method: meta.method,
            layer: matrix.layers[layer].name, date: meta.date, window: meta.window, maxMinutes: meta.maxMinutes,
            matrixSummary: meta.summary, matrixSoftware: meta.software,
            populationYear: data.areas.first?.populationYear ?? 0, reachThreshold: reachThreshold)
    }

    /// The under-fives-weighted mean of `time` over the members that have one.
    static func average(_ members: [AreaOutcome], _ time: (AreaOutcome) -> Double?) -> Double? {
        let timed = members.compactMap { m in time(m).map { (m.underFives, $0) } }
        let weight = timed.reduce(0) { $0 + $1.0 }
        guard weight > 0 else { return nil }
        return timed.reduce(0.0) { $0 + Double($1.0) * $1.1 } / Double(weight)
    }

    static func figures(key: String, label: String, _ members: [AreaOutcome], bands: [Int], hasBaseline: Bool)
        -> GroupFigures
    {
        let total = members.reduce(0) { $0 + $1.underFives }
        return GroupFigures(
            key: key, label: label, areas: members.count, underFives: total, averageMinutes: average(members, \.minutes),
            baselineAverageMinutes: hasBaseline ? average(members, \.baselineMinutes) : nil,
            unreachableUnderFives: members.filter { $0.minutes == nil }.reduce(0) { $0 + $1.underFives },
            bands: bands.map { band in
                let limit = Double(band)
                let within = members.filter { ($0.minutes ?? .infinity) <= limit }.reduce(0) { $0 + $1.underFives }
                let newly = members.filter { ($0.baselineMinutes ?? .infinity) <= limit && ($0.minutes ?? .infinity) > limit }
                    .reduce(0) { $0 + $1.underFives }
                return BandFigures(
                    minutes: band, underFives: within, share: total > 0 ? Double(within) / Double(total) : 0,
                    newlyBeyond: hasBaseline ? newly : nil)
            })
    }

    func reach(_ bases: [(centre: String, column: Int)], outcomes: [AreaOutcome]) -> [BaseReach] {
        bases.map { base in
            let served = outcomes.filter { $0.nearestBase == base.centre }
            let u5 = served.reduce(0) { $0 + $1.underFives }
            let c = centreByID[base.centre]
            return BaseReach(
                centreID: base.centre, centreName: c?.name ?? base.centre, venueID: c?.venueID ?? "", areas: served.count,
                underFives: u5, belowThreshold: u5 < reachThreshold)
        }
    }

    func cost(_ p: Proposal) -> CostFigures {
        let current = p.currentTotalGBP, proposed = p.proposedTotalGBP
        let saving = current.flatMap { c in proposed.map { c - $0 } }
        return CostFigures(
            currentGBP: current, proposedGBP: proposed, savingGBP: saving, targetSavingGBP: savingsTargetGBP,
            shortfallGBP: saving.flatMap { s in savingsTargetGBP.map { $0 - s } })
    }

    func equality(_ outcomes: [AreaOutcome], hasBaseline: Bool) -> [EqualityRow] {
        func row(_ key: String, _ label: String, _ members: [AreaOutcome]) -> EqualityRow {
            let u5 = members.reduce(0) { $0 + $1.underFives }
            let affected = members.filter(\.isWorse).reduce(0) { $0 + $1.underFives }
            let newly = members.filter { ($0.baselineMinutes ?? .infinity) <= 30 && ($0.minutes ?? .infinity) > 30 }
                .reduce(0) { $0 + $1.underFives }
            return EqualityRow(
                group: key, label: label, underFives: u5, affected: hasBaseline ? affected : nil,
                affectedShare: hasBaseline && u5 > 0 ? Double(affected) / Double(u5) : nil,
                newlyBeyond30: hasBaseline ? newly : nil, averageMinutes: Self.average(members, \.minutes))
        }
        var rows = (1...10).map { d in
            row("decile-\(d)", Deprivation.label(decile: d), outcomes.filter { $0.deprivationDecile == d })
        }
        let noDecile = outcomes.filter { $0.deprivationDecile == nil }
        if !noDecile.isEmpty { rows.append(row("decile-unknown", "Decile not known", noDecile)) }
        for ru in RuralUrban.allCases {
            rows.append(row(ru.rawValue, ru.rawValue.capitalized, outcomes.filter { $0.ruralUrban == ru }))
        }
        let noClass = outcomes.filter { $0.ruralUrban == nil }
        if !noClass.isEmpty { rows.append(row("rural-urban-unknown", "Rural/urban not known", noClass)) }
        return rows
    }
}
