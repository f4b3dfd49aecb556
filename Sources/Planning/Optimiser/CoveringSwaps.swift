/// Interchange for covering, where a site either covers a point or it does not. Each site's list of
/// the points it covers is short, so one pass prices every (in, out) swap in
/// O(Σ list lengths + sites × count) rather than the O(points × sites) of the general interchange.
/// Covering's best sets often sit several swaps from a local optimum, across plateaus one descent
/// cannot see; a tabu search walks across them at about 0.1 ms a move on 3,000 × 300.
struct CoveringSwaps: Sendable {
    let weight: [Double]
    /// The points each site covers (those with weight; the others never change the total).
    let cover: [[Int32]]
    /// The sites covering each point: `cover` turned round.
    let coveredBy: [[Int32]]
    let selection: ConstrainedSelection

    /// `costs` from `AssignmentCosts.covering`: 0 where a site covers a point, its weight elsewhere.
    init(costs: AssignmentCosts, selection: ConstrainedSelection) {
        weight = costs.uncovered
        var cover = [[Int32]](repeating: [], count: costs.siteCount)
        var coveredBy = [[Int32]](repeating: [], count: costs.demandCount)
        for i in 0..<costs.demandCount where costs.uncovered[i] > 0 {
            for j in 0..<costs.siteCount where costs.c(i, j) == 0 {
                cover[j].append(Int32(i))
                coveredBy[i].append(Int32(j))
            }
        }
        self.cover = cover
        self.coveredBy = coveredBy
        self.selection = selection
    }

    /// The chosen sites with, per point, how many of them cover it and the XOR of their indices
    /// (the one site covering it when the count is 1).
    struct TabuLimits: Sendable {
        var moves = 10_000
        var patience = 2_000
        /// Stop as soon as a set leaves no more than this uncovered (what the bound already proves).
        var goal = -Double.infinity
    }

    struct State {
        var sites: [Int]
        var inside: [Bool]
        var count: [Int32]
        var owners: [Int]
        var perDistrict: [Int]

        func uncovered(_ weight: [Double]) -> Double {
            var sum = 0.0
            for i in weight.indices where count[i] == 0 { sum += weight[i] }
            return sum
        }
    }

    func state(_ sites: [Int]) -> State {
        var s = State(
            sites: [], inside: [Bool](repeating: false, count: cover.count),
            count: [Int32](repeating: 0, count: weight.count), owners: [Int](repeating: 0, count: weight.count),
            perDistrict: [Int](repeating: 0, count: selection.minimums.count))
        for j in sites { add(j, to: &s) }
        return s
    }

    func add(_ j: Int, to s: inout State) {
        s.sites.append(j)
        s.inside[j] = true
        for i in cover[j] {
            s.count[Int(i)] += 1
            s.owners[Int(i)] ^= j
        }
        if selection.districtOfSite[j] >= 0 { s.perDistrict[selection.districtOfSite[j]] += 1 }
    }

    func remove(_ j: Int, from s: inout State) {
        s.sites.removeAll { $0 == j }
        s.inside[j] = false
        for i in cover[j] {
            s.count[Int(i)] -= 1
            s.owners[Int(i)] ^= j
        }
        if selection.districtOfSite[j] >= 0 { s.perDistrict[selection.districtOfSite[j]] -= 1 }
    }

    /// The swap (into, out) with the lowest change in uncovered weight among those `admissible`
    /// accepts, nil when it accepts none. `leaving` are the chosen sites allowed to leave.
    func bestSwap(
        _ s: State, leaving: [Int], mayEnter: [Bool], admissible: (_ into: Int, _ out: Int, _ delta: Double) -> Bool
    ) -> (delta: Double, into: Int, out: Int)? {
        var pick: (delta: Double, into: Int, out: Int)?
        var position = [Int](repeating: -1, count: cover.count)
        for (k, j) in leaving.enumerated() { position[j] = k }
        var loss = [Double](repeating: 0, count: leaving.count), kept = loss
        weight.withUnsafeBufferPointer { w in
            s.count.withUnsafeBufferPointer { count in
                s.owners.withUnsafeBufferPointer { owners in
                    for (k, j) in leaving.enumerated() {
                        for i in cover[j] where count[Int(i)] == 1 { loss[k] += w[Int(i)] }
                    }
                    for into in cover.indices where !s.inside[into] && mayEnter[into] {
                        var gain = 0.0
                        for k in kept.indices { kept[k] = 0 }
                        for i in cover[into] {
                            let c = count[Int(i)]
                            if c == 0 {
                                gain += w[Int(i)]
                            } else if c == 1, case let k = position[owners[Int(i)]], k >= 0 {
                                kept[k] += w[Int(i)]
                            }
                        }
                        for (k, out) in leaving.enumerated() {
                            let delta = loss[k] - kept[k] - gain
                            guard delta < pick?.delta ?? .infinity,
                                selection.swapKeepsLimits(out, into, perDistrict: s.perDistrict), admissible(into, out, delta)
                            else { continue }
                            pick = (delta, into, out)
                        }
                    }
                }
            }
        }
        return pick
    }

    /// Best-improvement swaps until none lowers the weight left uncovered.
    func descend(_ s: inout State, mayLeave: [Bool], mayEnter: [Bool]) {
        let tolerance = 1e-9 * max(1, weight.reduce(0, +))
        while let pick = bestSwap(
            s, leaving: s.sites.filter { mayLeave[$0] }, mayEnter: mayEnter, admissible: { _, _, d in d < -tolerance })
        {
            remove(pick.out, from: &s)
            add(pick.into, to: &s)
        }
    }

    /// Tabu search: from a local optimum, keep making the best swap even when it loses weight, but
    /// forbid undoing a recent swap for a few moves (unless that beats the best found), so the
    /// search walks out of the local optimum instead of straight back in. Deterministic.
    func tabu(_ s: inout State, mayLeave: [Bool], mayEnter: [Bool], limits: TabuLimits) -> (sites: [Int], total: Double) {
        // Half the count (at least 7): long enough to leave a basin, short enough to return to a
        // good set (on 3,000 × 300, p = 40: tenure 7 stalls at 1,249 uncovered, 20 reaches 36).
        let tenure = max(7, selection.count / 2)
        var tabuUntil = [Int](repeating: 0, count: cover.count)
        var total = s.uncovered(weight)
        var best = (sites: s.sites, total: total)
        let tolerance = 1e-9 * max(1, weight.reduce(0, +))
        var lastBest = 0
        var table = CoveringSwapTable(self, s)
        var touched = [Bool](repeating: false, count: weight.count)
        for move in 1...max(1, limits.moves) where move - lastBest <= limits.patience && best.total > limits.goal {
            let admissible = { (into: Int, out: Int, delta: Double) in
                tabuUntil[into] < move && tabuUntil[out] < move || total + delta < best.total - tolerance
            }
            guard
                let pick = table.best(
                    s, leaving: s.sites.filter { mayLeave[$0] }, mayEnter: mayEnter, selection: selection, admissible: admissible)
            else { break }
            table.swap(into: pick.into, out: pick.out, self, &s, touched: &touched)
            tabuUntil[pick.out] = move + tenure
            tabuUntil[pick.into] = move + tenure / 2
            total += pick.delta
            if total < best.total - tolerance {
                best = (s.sites, s.uncovered(weight))
                lastBest = move
            }
        }
        return best
    }

    /// The weight `sites` leave uncovered (what `AssignmentCosts.total` gives, summed in the same order).
    func total(_ sites: [Int]) -> Double { state(sites).uncovered(weight) }

    /// The greedy construction (`ConstrainedSelection.greedy`) with each site's gain read from a
    /// swap table: O(points a site covers × the sites covering each) per site taken, not a pass
    /// over the whole matrix per site considered.
    func greedy() -> [Int]? {
        var s = state([])
        var table = CoveringSwapTable(self, s)
        var touched = [Bool](repeating: false, count: weight.count)
        return selection.greedy(
            gain: { table.gain[$0] }, add: { table.swap(into: $0, out: nil, self, &s, touched: &touched) })
    }

    /// Descends from `start`, then, when `search` is set, walks on by tabu search, stopping after
    /// `search.patience` moves without a better set (or `search.moves` in all). The result keeps to
    /// the rules and the fixings.
    func improve(_ start: [Int], open: Set<Int> = [], closed: Set<Int> = [], search: TabuLimits? = nil)
        -> (sites: [Int], total: Double)
    {
        let (mayLeave, mayEnter) = selection.movable(open: open, closed: closed)
        var s = state(start)
        descend(&s, mayLeave: mayLeave, mayEnter: mayEnter)
        guard let search else { return (s.sites.sorted(), s.uncovered(weight)) }
        let best = tabu(&s, mayLeave: mayLeave, mayEnter: mayEnter, limits: search)
        return (best.sites.sorted(), best.total)
    }
}
