/// The trade-off between the number of sites and what they achieve: for each count, the best
/// coverage within the radius (maximal covering) and the best weighted mean time (p-median), each
/// solved on its own, with the running cost of the covering answer where every chosen site's cost is known.
public struct FrontierPoint: Sendable, Hashable {
    public var sites: Int
    public var coverage: LocationSolution
    public var median: LocationSolution
    /// Total running cost of the covering answer's sites; nil when any of them has no cost.
    public var cost: Double?
}

extension LocationSolver {
    /// Every count from the smallest the rules allow (kept sites, district minimums) up to `upTo`
    /// (at most the allowed candidates), each solved on its own: exactly, or with its gap reported.
    /// - Complexity: up to `upTo` maximal-covering and p-median solves.
    public func frontier(upTo: Int, minutes: Double, unreachableMinutes: Double) throws(LocationProblemError) -> [FrontierPoint] {
        let allowed = instance.siteCount - rules.forbidden.count
        guard
            let first = (1...max(1, allowed)).first(where: {
                (try? ConstrainedSelection(instance: instance, count: $0, rules: rules)) != nil
            })
        else {
            _ = try ConstrainedSelection(instance: instance, count: allowed, rules: rules)
            throw LocationProblemError("no number of sites satisfies the rules")
        }
        guard upTo >= first else {
            throw LocationProblemError("the frontier must reach at least \(first) sites (the kept sites and district minimums)")
        }
        var points: [FrontierPoint] = []
        for p in first...min(upTo, allowed) {
            let coverage = try solve(.maximalCovering(sites: p, minutes: minutes))
            let median = try solve(.pMedian(sites: p, unreachableMinutes: unreachableMinutes))
            let costs = coverage.sites.map { instance.siteCosts[$0] }
            let cost: Double? = costs.contains { $0 == nil } ? nil : costs.reduce(0) { $0 + $1! }
            points.append(FrontierPoint(sites: p, coverage: coverage, median: median, cost: cost))
        }
        return points
    }
}
