import Dispatch

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
        // District maximums cap how many sites can be open at all.
        let sizes = Array(first...min(upTo, allowed)).filter {
            (try? ConstrainedSelection(instance: instance, count: $0, rules: rules)) != nil
        }
        let problems = sizes.flatMap { p in
            [
                LocationProblem.maximalCovering(sites: p, minutes: minutes),
                .pMedian(sites: p, unreachableMinutes: unreachableMinutes),
            ]
        }
        let solved = try solveAll(problems)
        return sizes.indices.map { k in
            let coverage = solved[2 * k], median = solved[2 * k + 1]
            let costs = coverage.sites.map { instance.siteCosts[$0] }
            let cost: Double? = costs.contains { $0 == nil } ? nil : costs.reduce(0) { $0 + $1! }
            return FrontierPoint(sites: sizes[k], coverage: coverage, median: median, cost: cost)
        }
    }

    /// Independent solves spread over the machine's cores; each answer is the one `solve` gives
    /// alone, so the result does not depend on the order they finish in.
    func solveAll(_ problems: [LocationProblem]) throws(LocationProblemError) -> [LocationSolution] {
        var results = [Result<LocationSolution, LocationProblemError>?](repeating: nil, count: problems.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own slot.
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: problems.count) { k in
                out[k] = Result { () throws(LocationProblemError) -> LocationSolution in try solve(problems[k]) }
            }
        }
        return try results.map { r throws(LocationProblemError) -> LocationSolution in try r!.get() }
    }
}
