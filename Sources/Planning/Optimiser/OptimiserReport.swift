/// An optimiser answer as people and programs read it: the request, every chosen site with what it
/// serves, and the honest status (objective, bound, gap, proof). The CLI's JSON and CSV, the web
/// page and the JSON API all show this one value.
public struct OptimiserReport: Sendable, Hashable, Codable {
    public struct Site: Sendable, Hashable, Codable {
        public var id: String
        public var name: String?
        public var district: String?
        public var cost: Double?
        /// Demand points whose nearest chosen site this is, their weight, and how much of it is
        /// within the radius (covering problems).
        public var points: Int
        public var weight: Double
        public var weightWithin: Double?
        public var kept: Bool
    }

    public var problem: String
    public var parameters: [String: String]
    public var sites: [Site]
    public var objective: Double
    public var bound: Double
    public var gap: Double
    public var provenOptimal: Bool
    public var nodes: Int
    public var totalWeight: Double
    /// Weight within the radius (covering problems) and its share of the total.
    public var coveredWeight: Double?
    public var coveredShare: Double?
    /// Weighted mean minutes to the nearest chosen site among the points that can reach one, and
    /// the weight that cannot reach any.
    public var meanMinutes: Double?
    public var unreachableWeight: Double
    /// Set covering: the demand points no allowed site reaches within the radius (left out of
    /// "every point", and out of reach of any share), and their weight.
    public var uncoverablePoints: [String]? = nil
    public var uncoverableWeight: Double? = nil
    /// Over a data pack: children under five within the radius of a chosen site, of all in the
    /// pack (people, whatever the weighting; nil for bring-your-own files).
    public var underFivesWithin: Double?
    public var underFivesTotal: Double?
    /// Where the inputs came from (files or the data pack and its matrix), for the record.
    public var inputs: [String]

    public init(
        problem: LocationProblem, solution s: LocationSolution, instance x: LocationInstance, rules: SiteRules,
        siteNames: [String?], inputs: [String], parameters extra: [String: String] = [:]
    ) {
        let radius: Double?
        var parameters = extra
        switch problem {
        case .pMedian(let p, let u):
            (self.problem, radius) = ("p-median", nil)
            parameters["sites"] = "\(p)"
            parameters["unreachable_minutes"] = "\(u)"
        case .maximalCovering(let p, let t):
            (self.problem, radius) = ("maximal-covering", t)
            parameters["sites"] = "\(p)"
            parameters["within_minutes"] = "\(t)"
        case .setCovering(let t, let share):
            (self.problem, radius) = ("set-covering", t)
            parameters["within_minutes"] = "\(t)"
            parameters["share"] = share.map { "\($0)" } ?? "every point that can be reached"
            let left = LocationSolver(instance: x, rules: rules).uncoverable(minutes: t)
            uncoverablePoints = left.map { x.demandIDs[$0] }
            uncoverableWeight = left.reduce(0) { $0 + x.weights[$1] }
        case .budgetCovering(let b, let t):
            (self.problem, radius) = ("budget-covering", t)
            parameters["budget"] = "\(b)"
            parameters["within_minutes"] = "\(t)"
        }
        self.parameters = parameters
        var points = [Int](repeating: 0, count: x.siteCount), weight = [Double](repeating: 0, count: x.siteCount)
        var within = [Double](repeating: 0, count: x.siteCount), unreachable = 0.0
        for i in 0..<x.demandCount {
            guard let j = s.sites.min(by: { (x.time(i, $0), $0) < (x.time(i, $1), $1) }), x.time(i, j).isFinite else {
                unreachable += x.weights[i]
                continue
            }
            points[j] += 1
            weight[j] += x.weights[i]
            if let radius, x.time(i, j) <= radius { within[j] += x.weights[i] }
        }
        sites = s.sites.map { j in
            Site(
                id: x.siteIDs[j], name: siteNames[j], district: x.siteDistricts[j], cost: x.siteCosts[j], points: points[j],
                weight: weight[j], weightWithin: radius == nil ? nil : within[j], kept: rules.forced.contains(j))
        }
        objective = s.objective
        bound = s.bound
        gap = s.gap
        provenOptimal = s.provenOptimal
        nodes = s.nodes
        totalWeight = x.totalWeight
        coveredWeight = radius == nil ? nil : s.coveredWeight
        coveredShare = radius == nil || totalWeight == 0 ? nil : s.coveredWeight / totalWeight
        meanMinutes = s.meanMinutes
        unreachableWeight = unreachable
        self.inputs = inputs
    }
}
