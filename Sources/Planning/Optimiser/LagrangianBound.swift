/// The Lagrangian relaxation of min Σᵢ min_{j∈S} cᵢⱼ (|S| = p): relaxing "each demand point is
/// assigned once" with multipliers λᵢ gives, for any λ,
///     L(λ) = Σᵢ λᵢ + min_S Σ_{j∈S} ρⱼ,  ρⱼ = Σᵢ min(0, cᵢⱼ − λᵢ),
/// a lower bound on every S allowed by the rules and the branch's fixings; the inner minimum is
/// the constrained selection of the p most negative ρⱼ. Subgradient steps raise L towards the optimum.
struct LagrangianBound: Sendable {
    let costs: AssignmentCosts
    let selection: ConstrainedSelection

    struct Result {
        var bound: Double
        /// The selection at the best multipliers (a candidate solution too), with its ρ.
        var sites: [Int]
        var rho: [Double]
        var multipliers: [Double]
        /// Every distinct selection met on the way (each is a feasible solution worth evaluating).
        var seen: [[Int]]
    }

    /// ρ for multipliers `lambda` (the inner loop of the bound: O(demand × sites)).
    func rho(_ lambda: [Double]) -> [Double] {
        var rho = [Double](repeating: 0, count: costs.siteCount)
        costs.cost.withUnsafeBufferPointer { c in
            for i in 0..<costs.demandCount {
                let l = lambda[i], row = i * costs.siteCount
                for j in 0..<costs.siteCount {
                    let d = c[row + j] - l
                    if d < 0 { rho[j] += d }
                }
            }
        }
        return rho
    }

    /// The uncovered cost is an assignment option too: λᵢ above it would let L exceed the optimum of
    /// "nothing open", so multipliers are kept at or below it.
    func clamp(_ lambda: inout [Double]) {
        for i in lambda.indices { lambda[i] = max(0, min(lambda[i], costs.uncovered[i])) }
    }

    /// Subgradient optimisation from `start`, stopping when the bound reaches `target` (the incumbent
    /// less the tolerance, so the branch can be pruned), the step vanishes, or `iterations` run out.
    /// nil when the fixings leave no allowed selection.
    func optimise(start: [Double], open: Set<Int>, closed: Set<Int>, target: Double, iterations: Int) -> Result? {
        var lambda = start
        clamp(&lambda)
        var best: Result?
        var theta = 2.0, sinceImprovement = 0
        var seen: Set<[Int]> = []
        for _ in 0..<iterations {
            let rho = rho(lambda)
            guard let sites = selection.best(rho.map { -$0 }, open: open, closed: closed) else { return nil }
            seen.insert(sites)
            let bound = lambda.reduce(0, +) + sites.reduce(0) { $0 + rho[$1] }
            if best == nil || bound > best!.bound + 1e-12 {
                best = Result(bound: bound, sites: sites, rho: rho, multipliers: lambda, seen: [])
                sinceImprovement = 0
            } else {
                sinceImprovement += 1
                if sinceImprovement >= 20 {
                    theta /= 2
                    sinceImprovement = 0
                }
            }
            if bound >= target || theta < 1e-5 { break }
            // Subgradient: 1 − (how many chosen sites would take demand point i).
            var g = [Double](repeating: 1, count: costs.demandCount)
            var norm = 0.0
            for i in 0..<costs.demandCount {
                for j in sites where costs.c(i, j) < lambda[i] { g[i] -= 1 }
                if lambda[i] >= costs.uncovered[i] && g[i] > 0 { g[i] = 0 }
                norm += g[i] * g[i]
            }
            if norm == 0 { break }  // the selection assigns every point exactly once: L is optimal here
            let step = theta * max(target - bound, 1e-9 * max(1, abs(target))) / norm
            for i in lambda.indices { lambda[i] += step * g[i] }
            clamp(&lambda)
        }
        best?.seen = Array(seen)
        return best
    }
}
