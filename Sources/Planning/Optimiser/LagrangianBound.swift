/// The Lagrangian relaxation of min Σᵢ min_{j∈S} cᵢⱼ (|S| = p): relaxing "each demand point is
/// assigned once" with multipliers λᵢ gives, for any λ,
///     L(λ) = Σᵢ λᵢ + min_S Σ_{j∈S} ρⱼ,  ρⱼ = Σᵢ min(0, cᵢⱼ − λᵢ),
/// a lower bound on every S allowed by the rules and the branch's fixings; the inner minimum is
/// the constrained selection of the p most negative ρⱼ. Subgradient steps raise L towards the optimum.
struct LagrangianBound: Sendable {
    let costs: AssignmentCosts
    let selection: ConstrainedSelection
    let sortedSites: [Int32]
    let sortedCosts: [Double]
    /// The first `headWidth` entries of each sorted row again, cost and site side by side in one
    /// short row: the bound's two passes read only a row's cheapest few sites, and reading them
    /// from one compact block instead of two wide arrays waits far less on memory (3,000 × 300
    /// p-median p = 15 within 0.1 %: 2.4 s → 1.6 s).
    let head: [Entry]
    let headWidth: Int

    /// Covering only: each site's covered points, one flat list (`coverStart[j]..<coverStart[j+1]`).
    /// There a point's cost is 0 at a covering site and its whole weight elsewhere, and λᵢ never
    /// exceeds the weight, so only covering sites ever fall below λᵢ: ρⱼ is minus the λ of the points
    /// j covers, and the subgradient need walk only the chosen sites' lists (p of them, not every
    /// point's row). 3,000 × 300 MCLP p = 15: the 38 nodes after the root 227 ms → ~80 ms.
    let coverStart: [Int]
    let coverPoints: [Int32]

    struct Entry {
        var cost: Double
        var site: Int
    }

    init(costs: AssignmentCosts, selection: ConstrainedSelection, cover: [[Int32]]? = nil) {
        self.costs = costs
        self.selection = selection
        if let cover {
            coverStart = cover.reduce(into: [0]) { $0.append($0.last! + $1.count) }
            coverPoints = cover.flatMap { $0 }
            // Covering never walks the rows.
            (sortedSites, sortedCosts, head, headWidth) = ([], [], [], 0)
            return
        }
        (coverStart, coverPoints) = ([], [])
        (sortedSites, sortedCosts) = costs.sortedRows()
        let n = costs.siteCount, width = min(n, 32)
        var head = [Entry]()
        head.reserveCapacity(costs.demandCount * width)
        for i in 0..<costs.demandCount {
            for k in 0..<width { head.append(Entry(cost: sortedCosts[i * n + k], site: Int(sortedSites[i * n + k]))) }
        }
        self.head = head
        headWidth = width
    }

    /// Calls `body(i, site, cost)` for each site cheaper than `lambda[i]`, row by row, cheapest first.
    @inline(__always)
    func forEachBelow(_ lambda: [Double], _ body: (_ i: Int, _ site: Int, _ cost: Double) -> Void) {
        let n = costs.siteCount, width = headWidth
        head.withUnsafeBufferPointer { h in
            sortedCosts.withUnsafeBufferPointer { c in
                sortedSites.withUnsafeBufferPointer { s in
                    for i in 0..<costs.demandCount {
                        let l = lambda[i]
                        var k = 0
                        let row = i * width
                        while k < width && h[row + k].cost < l {
                            body(i, h[row + k].site, h[row + k].cost)
                            k += 1
                        }
                        guard k == width else { continue }
                        let full = i * n
                        while k < n && c[full + k] < l {
                            body(i, Int(s[full + k]), c[full + k])
                            k += 1
                        }
                    }
                }
            }
        }
    }

    struct Result {
        var bound: Double
        /// The selection at the best multipliers (a candidate solution too), with its ρ.
        var sites: [Int]
        var rho: [Double]
        var multipliers: [Double]
        /// The last few distinct selections met (each a feasible solution worth evaluating; near the
        /// end of the ascent they are the good ones, and evaluating every one would cost more than the bound).
        var seen: [[Int]]
    }

    static let keptSelections = 4

    /// ρ for multipliers `lambda` (the inner loop of the bound: O(demand × sites)).
    func rho(_ lambda: [Double]) -> [Double] {
        if !coverStart.isEmpty { return coveringRho(lambda) }
        var rho = [Double](repeating: 0, count: costs.siteCount)
        rho.withUnsafeMutableBufferPointer { rho in
            forEachBelow(lambda) { i, j, c in rho[j] += c - lambda[i] }
        }
        return rho
    }

    func coveringRho(_ lambda: [Double]) -> [Double] {
        var rho = [Double](repeating: 0, count: costs.siteCount)
        lambda.withUnsafeBufferPointer { lambda in
            coverPoints.withUnsafeBufferPointer { points in
                for j in rho.indices {
                    var sum = 0.0
                    for k in coverStart[j]..<coverStart[j + 1] { sum -= lambda[Int(points[k])] }
                    rho[j] = sum
                }
            }
        }
        return rho
    }

    /// 1 − (how many chosen sites would take demand point i), and its squared norm; 0 where λᵢ is
    /// at its cap and the point would go unassigned, since λᵢ cannot rise further.
    func subgradient(_ lambda: [Double], _ sites: [Int]) -> (g: [Double], norm: Double) {
        var taken = [Int32](repeating: 0, count: costs.demandCount)
        if coverStart.isEmpty {
            var chosen = [Bool](repeating: false, count: costs.siteCount)
            for j in sites { chosen[j] = true }
            chosen.withUnsafeBufferPointer { chosen in
                taken.withUnsafeMutableBufferPointer { taken in
                    forEachBelow(lambda) { i, j, _ in if chosen[j] { taken[i] += 1 } }
                }
            }
        } else {
            coverPoints.withUnsafeBufferPointer { points in
                for j in sites {
                    for k in coverStart[j]..<coverStart[j + 1] where lambda[Int(points[k])] > 0 { taken[Int(points[k])] += 1 }
                }
            }
        }
        var g = [Double](repeating: 1, count: costs.demandCount)
        var norm = 0.0
        for i in g.indices {
            var gi = 1.0 - Double(taken[i])
            if lambda[i] >= costs.uncovered[i] && gi > 0 { gi = 0 }
            g[i] = gi
            norm += gi * gi
        }
        return (g, norm)
    }

    /// The uncovered cost is an assignment option too: λᵢ above it would let L exceed the optimum of
    /// "nothing open", so multipliers are kept at or below it.
    func clamp(_ lambda: inout [Double]) {
        for i in lambda.indices { lambda[i] = max(0, min(lambda[i], costs.uncovered[i])) }
    }

    /// Subgradient optimisation from `start`, stopping when the bound reaches `target` (the incumbent
    /// less the tolerance, so the branch can be pruned), the step vanishes, or `iterations` run out.
    /// Steps aim at `aim` (the incumbent's value: Polyak's step; aiming at the lower `target` takes
    /// steps too short to climb far, 111 nodes against 73 on 3,000 × 300 p-median p = 15).
    /// nil when the fixings leave no allowed selection.
    func optimise(start: [Double], open: Set<Int>, closed: Set<Int>, target: Double, aim: Double? = nil, iterations: Int)
        -> Result?
    {
        let aim = aim ?? target
        var lambda = start
        clamp(&lambda)
        var best: Result?
        var theta = 2.0, sinceImprovement = 0
        var seen: [[Int]] = []
        for _ in 0..<iterations {
            let rho = rho(lambda)
            guard let sites = selection.best(rho.map { -$0 }, open: open, closed: closed) else { return nil }
            if !seen.contains(sites) {
                seen.append(sites)
                if seen.count > Self.keptSelections { seen.removeFirst() }
            }
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
            let (g, norm) = subgradient(lambda, sites)
            if norm == 0 { break }  // the selection assigns every point exactly once: L is optimal here
            let step = theta * max(aim - bound, 1e-9 * max(1, abs(aim))) / norm
            for i in lambda.indices { lambda[i] += step * g[i] }
            clamp(&lambda)
        }
        best?.seen = seen
        return best
    }

    /// Reduced-cost fixing: sites whose other setting cannot beat `target` in this subtree. The
    /// bound with site j forced the other way is taken from the relaxation without the district
    /// minimums (dropping constraints only lowers a minimum, so it stays a valid bound):
    /// forcing an unchosen j in swaps out the dearest chosen free site, forcing a chosen j out swaps
    /// in the cheapest unchosen one.
    func fixings(_ r: Result, open: Set<Int>, closed: Set<Int>, target: Double) -> (open: Set<Int>, closed: Set<Int>) {
        let fixedIn = selection.rules.forced.union(open)
        let k = selection.count - fixedIn.count
        guard k > 0 else { return ([], []) }
        let free = (0..<costs.siteCount).filter {
            !fixedIn.contains($0) && !closed.contains($0) && !selection.rules.forbidden.contains($0)
        }.sorted { (r.rho[$0], $0) < (r.rho[$1], $1) }
        guard free.count >= k else { return ([], []) }
        let base = r.multipliers.reduce(0, +) + fixedIn.reduce(0) { $0 + r.rho[$1] } + free[..<k].reduce(0) { $0 + r.rho[$1] }
        var fixOpen: Set<Int> = [], fixClosed: Set<Int> = []
        let dearestChosen = r.rho[free[k - 1]]
        for j in free[k...] where base - dearestChosen + r.rho[j] >= target { fixClosed.insert(j) }
        for j in free[..<k] {
            // With nothing left to swap in, closing j leaves too few sites: it must stay open.
            if free.count == k || base - r.rho[j] + r.rho[free[k]] >= target { fixOpen.insert(j) }
        }
        return (fixOpen, fixClosed)
    }
}
