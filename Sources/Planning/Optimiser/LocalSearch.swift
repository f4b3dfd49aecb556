/// Greedy construction and interchange (swap one chosen site for one unchosen while it helps),
/// keeping to the rules throughout. Good answers fast, and the starting point for the exact search.
struct LocalSearch: Sendable {
    let costs: AssignmentCosts
    let selection: ConstrainedSelection

    /// Adds, one at a time, the allowed site that lowers the total most; forced sites and district
    /// minimums first. Ties go to the lower index, so the result never depends on chance.
    func greedy() -> [Int]? {
        let n = costs.siteCount, m = costs.demandCount
        var chosen = Array(selection.rules.forced).sorted()
        var best = (0..<m).map { i in chosen.reduce(costs.uncovered[i]) { min($0, costs.c(i, $1)) } }
        func gain(_ j: Int) -> Double {
            var g = 0.0
            for i in 0..<m where costs.c(i, j) < best[i] { g += best[i] - costs.c(i, j) }
            return g
        }
        func add(_ j: Int) {
            chosen.append(j)
            for i in 0..<m { best[i] = min(best[i], costs.c(i, j)) }
        }
        let allowed = (0..<n).filter { !selection.rules.forbidden.contains($0) }
        // District minimums first: the best in each district until it has its share.
        for d in selection.minimums.indices {
            while chosen.filter({ selection.districtOfSite[$0] == d }).count < selection.minimums[d] {
                let pool = allowed.filter { selection.districtOfSite[$0] == d && !chosen.contains($0) }
                guard let j = pool.max(by: { (gain($0), -$0) < (gain($1), -$1) }) else { return nil }
                add(j)
            }
        }
        while chosen.count < selection.count {
            let pool = allowed.filter { !chosen.contains($0) }
            guard let j = pool.max(by: { (gain($0), -$0) < (gain($1), -$1) }) else { return nil }
            add(j)
        }
        return chosen.sorted()
    }

    /// First-improvement interchange until no allowed swap lowers the total.
    func improve(_ start: [Int], open: Set<Int> = [], closed: Set<Int> = []) -> (sites: [Int], total: Double) {
        var sites = start
        var total = costs.total(sites)
        let m = costs.demandCount
        var improved = true
        while improved {
            improved = false
            // Nearest and second-nearest chosen costs per demand point, and which site is nearest.
            var first = [Double](repeating: 0, count: m), second = first
            var nearest = [Int](repeating: -1, count: m)
            for i in 0..<m {
                var a = costs.uncovered[i], b = costs.uncovered[i], at = -1
                for j in sites {
                    let c = costs.c(i, j)
                    if c < a {
                        (b, a, at) = (a, c, j)
                    } else if c < b {
                        b = c
                    }
                }
                (first[i], second[i], nearest[i]) = (a, b, at)
            }
            let inside = Set(sites)
            search: for out in sites where !selection.rules.forced.contains(out) && !open.contains(out) {
                for candidate in 0..<costs.siteCount
                where !inside.contains(candidate) && !selection.rules.forbidden.contains(candidate) && !closed.contains(candidate)
                {
                    var swapped = sites.filter { $0 != out }
                    swapped.append(candidate)
                    guard selection.allows(swapped) else { continue }
                    var delta = 0.0
                    for i in 0..<m {
                        let c = costs.c(i, candidate)
                        let without = nearest[i] == out ? second[i] : first[i]
                        delta += min(c, without) - first[i]
                    }
                    if delta < -1e-9 * max(1, abs(total)) {
                        sites = swapped.sorted()
                        total = costs.total(sites)
                        improved = true
                        break search
                    }
                }
            }
        }
        return (sites, total)
    }
}
