import CentresCore

/// Solves location problems exactly where the search can prove it (branch and bound with
/// Lagrangian bounds), and otherwise reports the best solution with its bound and gap.
/// Deterministic: the same instance and request always give the same answer.
public struct LocationSolver: Sendable {
    public var instance: LocationInstance
    public var rules: SiteRules
    /// Stop when the gap is at most this (relative); the answer is then "proven optimal".
    public var relativeGap: Double
    /// The default gap: small enough that "within the gap" means optimal.
    public static let provenGap = 1e-9
    public var nodeLimit: Int

    public init(
        instance: LocationInstance, rules: SiteRules = SiteRules(), relativeGap: Double = Self.provenGap,
        nodeLimit: Int = 20_000
    ) {
        self.instance = instance
        self.rules = rules
        self.relativeGap = relativeGap
        self.nodeLimit = nodeLimit
    }

    public func solve(_ problem: LocationProblem) throws(LocationProblemError) -> LocationSolution {
        switch problem {
        case .pMedian(let p, let unreachable):
            guard unreachable > 0, unreachable.isFinite else {
                throw LocationProblemError("the time counted for an unreachable point must be a positive number of minutes")
            }
            let costs = AssignmentCosts.pMedian(instance, unreachableMinutes: unreachable)
            let o = try search(costs, sites: p)
            return solution(o, objective: o.total, bound: o.bound, radius: nil)
        case .maximalCovering(let p, let minutes):
            let o = try covering(sites: p, minutes: minutes)
            return solution(o, objective: o.total, bound: o.bound, radius: minutes)
        case .setCovering(let minutes, let share):
            return try setCovering(minutes: minutes, share: share)
        case .budgetCovering(let budget, let minutes):
            var search = try BudgetSearch(instance: instance, rules: rules, budget: budget, radius: minutes)
            search.relativeGap = relativeGap
            search.nodeLimit = nodeLimit
            guard let o = search.run() else {
                throw LocationProblemError("no choice of sites within the budget satisfies the rules")
            }
            return solution(
                SiteSearch.Outcome(sites: o.sites, total: o.covered, bound: o.bound, proven: o.proven, nodes: o.nodes),
                objective: o.covered, bound: o.bound, radius: minutes)
        }
    }

    func search(_ costs: AssignmentCosts, sites p: Int) throws(LocationProblemError) -> SiteSearch.Outcome {
        guard p >= 1 else { throw LocationProblemError("at least one site must be chosen") }
        return try search(costs, selection: ConstrainedSelection(instance: instance, count: p, rules: rules))
    }

    /// `covered`: for covering, the weight covered when nothing is left uncovered (nil otherwise).
    func search(_ costs: AssignmentCosts, selection: ConstrainedSelection, covered: Double? = nil)
        throws(LocationProblemError) -> SiteSearch.Outcome
    {
        var s = SiteSearch(costs: costs, selection: selection)
        if covered != nil { s.coveringSwaps = CoveringSwaps(costs: costs, selection: selection) }
        s.complement = covered
        s.relativeGap = relativeGap
        s.nodeLimit = nodeLimit
        guard let o = s.run() else {
            throw LocationProblemError("no choice of \(selection.count) sites satisfies the rules")
        }
        return o
    }

    /// Maximal covering on the reduced instance (the request is checked against the original
    /// first, so messages name the original's counts); the outcome's total is the weight covered
    /// and its bound an upper bound on it, both in the original's terms.
    func covering(sites p: Int, minutes: Double) throws(LocationProblemError) -> SiteSearch.Outcome {
        guard p >= 1 else { throw LocationProblemError("at least one site must be chosen") }
        _ = try ConstrainedSelection(instance: instance, count: p, rules: rules)
        let reduced = CoveringReduction(instance, rules: rules, minutes: minutes, count: p)
        let o = try search(
            AssignmentCosts.covering(reduced.instance, minutes: 0),
            selection: ConstrainedSelection(instance: reduced.instance, count: p, rules: reduced.rules),
            covered: reduced.coveredWhenNothingLeft)
        let answer = reduced.original(o)
        return SiteSearch.Outcome(
            sites: answer.sites, total: answer.covered, bound: answer.bound, proven: o.proven, nodes: o.nodes)
    }

    /// Demand points no allowed site reaches within `minutes`: no choice of sites covers them.
    public func uncoverable(minutes: Double) -> [Int] {
        let allowed = (0..<instance.siteCount).filter { !rules.forbidden.contains($0) }
        return (0..<instance.demandCount).filter { i in !allowed.contains { instance.time(i, $0) <= minutes } }
    }

    /// The fewest sites covering `share` of the weight, or with no share every point some site can
    /// cover: the smallest p whose maximal covering reaches it. Proven when every smaller p was
    /// proven to fall short.
    func setCovering(minutes: Double, share: Double?) throws(LocationProblemError) -> LocationSolution {
        guard let share else {
            // Every coverable point, each counted once whatever its weight (a point of weight 0
            // is still a place to reach): whole counts, so "covers all" is exact.
            let left = Set(uncoverable(minutes: minutes))
            var points = instance
            points.weights = (0..<instance.demandCount).map { left.contains($0) ? 0 : 1 }
            let counted = LocationSolver(instance: points, rules: rules, relativeGap: relativeGap, nodeLimit: nodeLimit)
            var s = try counted.setCovering(minutes: minutes, target: Double(instance.demandCount - left.count) - 0.5)
            let again = solution(
                SiteSearch.Outcome(sites: s.sites, total: s.objective, bound: s.bound, proven: s.provenOptimal, nodes: s.nodes),
                objective: s.objective, bound: s.bound, radius: minutes)
            (s.coveredWeight, s.meanMinutes) = (again.coveredWeight, again.meanMinutes)
            return s
        }
        guard (0...1).contains(share) else { throw LocationProblemError("the share to cover must be between 0 and 1") }
        let target = share * instance.totalWeight - 1e-9 * max(1, instance.totalWeight)
        let most =
            (0..<instance.demandCount).reduce(0.0) { $0 + instance.weights[$1] }
            - uncoverable(minutes: minutes).reduce(0.0) { $0 + instance.weights[$1] }
        guard most >= target else {
            throw LocationProblemError(
                "even with every allowed site open only \(NumberText.percent(most / max(instance.totalWeight, 1e-300))) of the weight is within \(NumberText.decimal(minutes)) minutes; leave out the share to cover every point that can be reached"
            )
        }
        return try setCovering(minutes: minutes, target: target)
    }

    /// The smallest p whose maximal covering puts at least `target` weight within `minutes`.
    func setCovering(minutes: Double, target: Double) throws(LocationProblemError) -> LocationSolution {
        let allowed = (0..<instance.siteCount).filter { !rules.forbidden.contains($0) }
        var provenShort = true
        var nodes = 0
        let smallest = max(1, rules.forced.count)
        for p in smallest...max(smallest, allowed.count) {
            guard let o = try? covering(sites: p, minutes: minutes) else { continue }
            nodes += o.nodes
            if o.total >= target {
                var s = solution(o, objective: Double(p), bound: Double(provenShort ? p : smallest), radius: minutes)
                s.provenOptimal = provenShort
                s.nodes = nodes
                return s
            }
            // Short at p for certain only if even the bound on coverage falls short.
            if o.bound >= target { provenShort = false }
        }
        throw LocationProblemError("no number of sites covers the share asked for under the rules")
    }

    func solution(_ o: SiteSearch.Outcome, objective: Double, bound: Double, radius: Double?) -> LocationSolution {
        var weighted = 0.0, weight = 0.0, covered = 0.0
        for i in 0..<instance.demandCount {
            let nearest = o.sites.map { instance.time(i, $0) }.min() ?? .infinity
            if nearest.isFinite {
                weighted += instance.weights[i] * nearest
                weight += instance.weights[i]
            }
            if let radius, nearest <= radius { covered += instance.weights[i] }
        }
        return LocationSolution(
            sites: o.sites, objective: objective, bound: bound,
            // Stopping within a gap that was asked for proves that gap, not optimality.
            provenOptimal: o.proven && (relativeGap <= Self.provenGap || LocationSolution.gap(objective, bound) == 0),
            coveredWeight: covered,
            meanMinutes: weight > 0 ? weighted / weight : nil, nodes: o.nodes)
    }
}
