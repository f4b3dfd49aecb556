/// Budget-constrained covering: sites whose running costs total at most the budget, maximising
/// the weight within the radius, under the rules. Branch and bound on "site open / closed"; each
/// node's upper bound relaxes "a point counts only if a chosen site covers it" with multipliers
/// μᵢ ∈ [0, wᵢ], leaving Σᵢ (wᵢ − μᵢ) plus a knapsack over the sites' values vⱼ = Σ_{i covered by j} μᵢ,
/// itself bounded by its linear relaxation with the district minimums dropped (both only raise a
/// maximum, so the bound stays valid).
struct BudgetSearch: Sendable {
    let instance: LocationInstance
    let rules: SiteRules
    let budget: Double
    let radius: Double
    var relativeGap = 1e-9
    var nodeLimit = 20_000
    var iterations = 60

    /// Sites covering each demand point, and points covered by each site.
    let coverOfPoint: [[Int]]
    let pointsOfSite: [[Int]]
    let costs: [Double]
    let districtOfSite: [Int]
    let minimums: [Int]
    let maximums: [Int]

    init(instance: LocationInstance, rules: SiteRules, budget: Double, radius: Double) throws(LocationProblemError) {
        (self.instance, self.rules, self.budget, self.radius) = (instance, rules, budget, radius)
        guard budget >= 0, budget.isFinite else { throw LocationProblemError("the budget must be a number of pounds, 0 or more") }
        var costs: [Double] = []
        for (j, c) in instance.siteCosts.enumerated() {
            guard let c, c >= 0 else {
                throw LocationProblemError(
                    "'\(instance.siteIDs[j])' has no running cost; budget covering needs every site's cost")
            }
            costs.append(c)
        }
        self.costs = costs
        var cover = [[Int]](repeating: [], count: instance.demandCount)
        var points = [[Int]](repeating: [], count: instance.siteCount)
        for i in 0..<instance.demandCount {
            for j in 0..<instance.siteCount where instance.time(i, j) <= radius {
                cover[i].append(j)
                points[j].append(i)
            }
        }
        (coverOfPoint, pointsOfSite) = (cover, points)
        (districtOfSite, minimums, maximums) = rules.districtIndex(instance)
        try rules.check(instance)
        try rules.checkDistrictLimits(instance)
        let forcedCost = rules.forced.reduce(0) { $0 + costs[$1] }
        if forcedCost > budget {
            throw LocationProblemError(
                "the sites kept open cost \(Int(forcedCost.rounded())) a year together, more than the budget of \(Int(budget.rounded()))"
            )
        }
    }

    func covered(_ sites: [Int]) -> Double {
        var on = [Bool](repeating: false, count: instance.demandCount)
        for j in sites { for i in pointsOfSite[j] { on[i] = true } }
        return (0..<instance.demandCount).reduce(0) { $0 + (on[$1] ? instance.weights[$1] : 0) }
    }

    func allows(_ sites: [Int]) -> Bool {
        sites.reduce(0) { $0 + costs[$1] } <= budget + 1e-9 && rules.forced.isSubset(of: sites)
            && rules.forbidden.isDisjoint(with: sites)
            && minimums.indices.allSatisfy { d in
                (minimums[d]...max(minimums[d], maximums[d])).contains(sites.filter { districtOfSite[$0] == d }.count)
            }
    }

    /// Adds affordable sites by coverage gained per pound (then, for district minimums, the best
    /// affordable in each short district) to `start`; nil when the minimums cannot be met.
    func complete(_ start: Set<Int>, closed: Set<Int>) -> [Int]? {
        var chosen = start.union(rules.forced)
        var spent = chosen.reduce(0) { $0 + costs[$1] }
        guard spent <= budget + 1e-9 else { return nil }
        var on = [Bool](repeating: false, count: instance.demandCount)
        for j in chosen { for i in pointsOfSite[j] { on[i] = true } }
        func gain(_ j: Int) -> Double { pointsOfSite[j].reduce(0) { $0 + (on[$1] ? 0 : instance.weights[$1]) } }
        func add(_ j: Int) {
            chosen.insert(j)
            spent += costs[j]
            for i in pointsOfSite[j] { on[i] = true }
        }
        let allowed = (0..<instance.siteCount).filter { !rules.forbidden.contains($0) && !closed.contains($0) }
        for d in minimums.indices {
            while chosen.filter({ districtOfSite[$0] == d }).count < minimums[d] {
                let pool = allowed.filter {
                    districtOfSite[$0] == d && !chosen.contains($0) && spent + costs[$0] <= budget + 1e-9
                }
                guard let j = pool.max(by: { (gain($0), -costs[$0], -$0) < (gain($1), -costs[$1], -$1) }) else { return nil }
                add(j)
            }
        }
        func roomIn(_ j: Int) -> Bool {
            let d = districtOfSite[j]
            return d < 0 || chosen.filter { districtOfSite[$0] == d }.count < maximums[d]
        }
        while true {
            let pool = allowed.filter {
                !chosen.contains($0) && spent + costs[$0] <= budget + 1e-9 && gain($0) > 0 && roomIn($0)
            }
            func perPound(_ j: Int) -> Double { gain(j) / max(costs[j], 1e-12) }
            guard let j = pool.max(by: { (perPound($0), -$0) < (perPound($1), -$1) }) else { break }
            add(j)
        }
        return chosen.sorted()
    }

    /// The linear knapsack bound for values `v` with `open` in and `closed` out, and its solution.
    func knapsack(_ v: [Double], open: Set<Int>, closed: Set<Int>) -> (value: Double, y: [Double])? {
        var y = [Double](repeating: 0, count: instance.siteCount)
        let fixedIn = open.union(rules.forced)
        var left = budget - fixedIn.reduce(0) { $0 + costs[$1] }
        guard left >= -1e-9 else { return nil }
        var value = 0.0
        for j in fixedIn {
            y[j] = 1
            value += v[j]
        }
        func usable(_ j: Int) -> Bool { !fixedIn.contains(j) && !closed.contains(j) && !rules.forbidden.contains(j) && v[j] > 0 }
        func ratio(_ j: Int) -> Double { v[j] / max(costs[j], 1e-12) }
        let free = (0..<instance.siteCount).filter(usable).sorted { (ratio($0), -$0) > (ratio($1), -$1) }
        for j in free {
            if costs[j] <= left {
                y[j] = 1
                left -= costs[j]
                value += v[j]
            } else {
                y[j] = max(0, left) / costs[j]
                value += v[j] * y[j]
                break
            }
        }
        return (value, y)
    }

    struct Outcome {
        var sites: [Int]
        var covered: Double
        var bound: Double
        var proven: Bool
        var nodes: Int
    }

    func run() -> Outcome? {
        guard var best = complete([], closed: []) else { return nil }
        var lower = covered(best)
        struct Node {
            var open: Set<Int>, closed: Set<Int>, mu: [Double], parentBound: Double
        }
        var stack = [Node(open: [], closed: [], mu: instance.weights.map { $0 / 2 }, parentBound: .infinity)]
        var nodes = 0, rootBound = Double.infinity
        var openBounds: [Double] = []
        func target() -> Double { lower + relativeGap * max(1, abs(lower)) }
        while let node = stack.popLast() {
            if nodes >= nodeLimit {
                openBounds.append(node.parentBound)
                continue
            }
            nodes += 1
            var mu = node.mu
            var bestBound = Double.infinity, bestY: [Double] = [], bestMu = mu
            var theta = 1.0, since = 0
            for _ in 0..<iterations {
                var v = [Double](repeating: 0, count: instance.siteCount)
                for j in 0..<instance.siteCount { v[j] = pointsOfSite[j].reduce(0) { $0 + mu[$1] } }
                guard let k = knapsack(v, open: node.open, closed: node.closed) else { break }
                let bound = (0..<instance.demandCount).reduce(k.value) { $0 + instance.weights[$1] - mu[$1] }
                if bound < bestBound - 1e-12 {
                    (bestBound, bestY, bestMu, since) = (bound, k.y, mu, 0)
                } else {
                    since += 1
                    if since >= 10 { (theta, since) = (theta / 2, 0) }
                }
                if bound <= target() || theta < 1e-5 { break }
                // Subgradient of the bound in μᵢ: Σ_{j covering i} yⱼ − 1; step down it.
                var g = [Double](repeating: -1, count: instance.demandCount), norm = 0.0
                for i in 0..<instance.demandCount {
                    for j in coverOfPoint[i] { g[i] += k.y[j] }
                    norm += g[i] * g[i]
                }
                if norm == 0 { break }
                let step = theta * max(bound - lower, 1e-9 * max(1, lower)) / norm
                for i in mu.indices { mu[i] = min(instance.weights[i], max(0, mu[i] - step * g[i])) }
            }
            guard !bestY.isEmpty else { continue }  // the fixings overspend the budget
            if nodes == 1 { rootBound = bestBound }
            // The knapsack's whole items, completed greedily, as a solution.
            let whole = Set((0..<instance.siteCount).filter { bestY[$0] >= 1 - 1e-9 && !rules.forbidden.contains($0) })
            if let candidate = complete(whole.union(node.open), closed: node.closed), allows(candidate) {
                let c = covered(candidate)
                if c > lower + 1e-12 { (best, lower) = (candidate, c) }
            }
            if bestBound <= target() { continue }
            let free = (0..<instance.siteCount).filter {
                !node.open.contains($0) && !node.closed.contains($0) && !rules.forced.contains($0)
                    && !rules.forbidden.contains($0)
            }
            // Branch on a fractional site if there is one, else on the chosen free site worth most.
            let fractional = free.filter { bestY[$0] > 1e-9 && bestY[$0] < 1 - 1e-9 }
            let chosen = free.filter { bestY[$0] >= 1 - 1e-9 }
            guard let j = fractional.first ?? chosen.first ?? free.first else {
                let sites = node.open.union(rules.forced).sorted()
                if allows(sites), covered(sites) > lower { (best, lower) = (sites, covered(sites)) }
                continue
            }
            stack.append(Node(open: node.open, closed: node.closed.union([j]), mu: bestMu, parentBound: bestBound))
            stack.append(Node(open: node.open.union([j]), closed: node.closed, mu: bestMu, parentBound: bestBound))
        }
        let proven = openBounds.isEmpty
        let bound = proven ? max(lower, min(rootBound, target())) : max(lower, min(rootBound, max(target(), openBounds.max()!)))
        return Outcome(sites: best, covered: lower, bound: bound, proven: proven, nodes: nodes)
    }
}
