/// Greedy construction and interchange (swap one chosen site for one unchosen while it helps),
/// keeping to the rules throughout. Good answers fast, and the starting point for the exact search.
struct LocalSearch: Sendable {
    let costs: AssignmentCosts
    let selection: ConstrainedSelection

    /// The greedy construction (`ConstrainedSelection.greedy`) on the full cost matrix.
    func greedy() -> [Int]? {
        let m = costs.demandCount
        var best = costs.uncovered
        return selection.greedy(
            gain: { j in
                var g = 0.0
                for i in 0..<m where costs.c(i, j) < best[i] { g += best[i] - costs.c(i, j) }
                return g
            },
            add: { j in for i in 0..<m { best[i] = min(best[i], costs.c(i, j)) } })
    }

    /// Best-improvement interchange until no allowed swap lowers the total. Each pass prices every
    /// (in, out) swap in O(demand × sites) rather than O(demand × sites × count) (Whitaker's fast
    /// interchange): for a site coming in, what it saves is the same whichever site goes out, and
    /// what losing `out` costs falls only on the points `out` serves and the new site does not win.
    func improve(_ start: [Int], open: Set<Int> = [], closed: Set<Int> = []) -> (sites: [Int], total: Double) {
        var sites = start
        let m = costs.demandCount, n = costs.siteCount
        var first = [Double](repeating: 0, count: m), second = first
        var nearest = [Int](repeating: -1, count: m)
        var inside = [Bool](repeating: false, count: n)
        var perDistrict = [Int](repeating: 0, count: selection.minimums.count)
        var loss = [Double](repeating: 0, count: n)
        let (mayLeave, mayEnter) = selection.movable(open: open, closed: closed)
        while true {
            var total = 0.0
            for i in 0..<m {
                var a = costs.uncovered[i], b = costs.uncovered[i], at = -1
                for j in sites {
                    let c = costs.c(i, j)
                    if c < a || (c == a && at >= 0 && j < at) {
                        (b, a, at) = (a, c, j)
                    } else if c < b {
                        b = c
                    }
                }
                (first[i], second[i], nearest[i]) = (a, b, at)
                total += a
            }
            for j in 0..<n { inside[j] = false }
            for k in perDistrict.indices { perDistrict[k] = 0 }
            for j in sites {
                inside[j] = true
                if selection.districtOfSite[j] >= 0 { perDistrict[selection.districtOfSite[j]] += 1 }
            }
            var best = (delta: -1e-9 * max(1, abs(total)), into: -1, out: -1)
            for into in 0..<n where !inside[into] && mayEnter[into] {
                var gain = 0.0
                for j in sites { loss[j] = 0 }
                for i in 0..<m {
                    let c = costs.c(i, into)
                    if c < first[i] {
                        gain += first[i] - c
                    } else if nearest[i] >= 0 {
                        loss[nearest[i]] += min(c, second[i]) - first[i]
                    }
                }
                for out in sites where mayLeave[out] {
                    let delta = loss[out] - gain
                    if delta < best.delta && selection.swapKeepsLimits(out, into, perDistrict: perDistrict) {
                        best = (delta, into, out)
                    }
                }
            }
            guard best.into >= 0 else { return (sites, costs.total(sites)) }
            sites = (sites.filter { $0 != best.out } + [best.into]).sorted()
        }
    }
}
