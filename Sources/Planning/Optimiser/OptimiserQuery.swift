/// A request as the CLI, the web form and the JSON API take it, before it meets an instance.
public struct OptimiserQuery: Sendable, Hashable, Codable {
    public enum Kind: String, CaseIterable, Sendable, Codable {
        case pMedian = "pmedian"
        case maximalCovering = "mclp"
        case setCovering = "lscp"
        case budgetCovering = "budget"

        public var label: String {
            switch self {
            case .pMedian: "Shortest average time (p-median)"
            case .maximalCovering: "Most people within a time (maximal covering)"
            case .setCovering: "Fewest bases reaching everyone who can be reached, or a share (set covering)"
            case .budgetCovering: "Most people within a time for a budget (budget covering)"
            }
        }
    }

    public var kind: Kind = .maximalCovering
    /// p for p-median and maximal covering.
    public var sites: Int?
    public var withinMinutes: Double = 30
    /// Set covering: the share (0–1) of the weight to reach; nil: every point some site can reach.
    public var share: Double?
    public var budget: Double?
    public var candidates: [CandidateKind] = [.centres]
    public var weighting: DemandWeighting = .underFives
    public var minimumPerDistrict = 0
    /// Each named district's own minimum and maximum (e.g. Norwich at least 3; none more than 4).
    public var minimumByDistrict: [String: Int] = [:]
    public var maximumByDistrict: [String: Int] = [:]
    /// Running costs a year by a site's name or id, for budget covering over the data pack (which
    /// holds none) and a cost column on the frontier.
    public var siteCosts: [String: Double] = [:]
    public var keep: [String] = []
    public var forbid: [String] = []

    public init() {}

    /// `NAME=K` entries (a district's name, an equals sign, a whole number), as the CLI, the form
    /// and the API take them; nil with the entry at fault when one is not.
    public static func districtLimits(_ entries: [String]) -> Result<[String: Int], LocationProblemError> {
        var limits: [String: Int] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, let k = Int(parts[1]), (0...10_000).contains(k) else {
                return .failure(LocationProblemError("'\(entry)' is not a district and a number, e.g. Norwich=3"))
            }
            guard limits[parts[0]] == nil else {
                return .failure(LocationProblemError("the district '\(parts[0])' is given twice"))
            }
            limits[parts[0]] = k
        }
        return .success(limits)
    }

    /// The problem to solve; `unreachableMinutes` is what a point with no time counts as in p-median
    /// (the matrix's limit). Missing or out-of-range numbers are refused with the option to fix.
    public func problem(unreachableMinutes: Double) throws(LocationProblemError) -> LocationProblem {
        guard withinMinutes > 0, withinMinutes.isFinite else {
            throw LocationProblemError("the time limit must be a positive number of minutes")
        }
        guard minimumPerDistrict >= 0 else { throw LocationProblemError("the minimum per district cannot be negative") }
        switch kind {
        case .pMedian, .maximalCovering:
            guard let sites, sites >= 1 else { throw LocationProblemError("say how many sites to choose (at least 1)") }
            return kind == .pMedian
                ? .pMedian(sites: sites, unreachableMinutes: unreachableMinutes)
                : .maximalCovering(sites: sites, minutes: withinMinutes)
        case .setCovering:
            if let share, !(share > 0 && share <= 1) {
                throw LocationProblemError("the share to reach must be above 0 and at most 1 (100 %)")
            }
            return .setCovering(minutes: withinMinutes, share: share)
        case .budgetCovering:
            guard let budget, budget >= 0, budget.isFinite else {
                throw LocationProblemError("give the budget, in pounds a year")
            }
            return .budgetCovering(budget: budget, minutes: withinMinutes)
        }
    }
}
