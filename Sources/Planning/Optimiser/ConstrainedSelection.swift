/// Choosing exactly `count` sites that maximise the sum of per-site values, with some sites forced
/// in, some forbidden, and at least and at most so many from each named district. Taking the forced
/// sites, then each district's best to reach its minimum, then the best of the rest skipping
/// districts at their maximum is optimal: the districts are disjoint (a partition matroid with
/// lower bounds), so any better choice could swap in a higher value without breaking a limit.
struct ConstrainedSelection: Sendable {
    let count: Int
    let rules: SiteRules
    /// District index per site (−1: none), and each district's minimum and maximum.
    let districtOfSite: [Int]
    let minimums: [Int]
    let maximums: [Int]
    /// Whether any district has a maximum (the selection then sorts every site, not the top few).
    let capped: Bool

    init(instance: LocationInstance, count: Int, rules: SiteRules) throws(LocationProblemError) {
        self.count = count
        self.rules = rules
        (districtOfSite, minimums, maximums) = rules.districtIndex(instance)
        capped = maximums.contains { $0 != Int.max }
        try check(instance, names: rules.limitedDistricts)
    }

    func check(_ instance: LocationInstance, names: [String]) throws(LocationProblemError) {
        let n = instance.siteCount
        try rules.check(instance)
        try rules.checkDistrictLimits(instance)
        if rules.forced.count > count {
            throw LocationProblemError("\(rules.forced.count) sites are kept open, more than the \(count) asked for")
        }
        if count > n - rules.forbidden.count {
            throw LocationProblemError("\(count) sites asked for, but only \(n - rules.forbidden.count) candidates are allowed")
        }
        var needed = rules.forced.count
        // How many sites the maximums leave room for: every allowed site outside a capped district,
        // and up to its maximum in each capped one.
        var room = (0..<n).filter { districtOfSite[$0] < 0 && !rules.forbidden.contains($0) }.count
        for (d, name) in names.enumerated() {
            let allowed = (0..<n).filter { districtOfSite[$0] == d && !rules.forbidden.contains($0) }
            let kept = allowed.filter { rules.forced.contains($0) }.count
            if allowed.count < minimums[d] {
                throw LocationProblemError(
                    "at least \(minimums[d]) sites are asked for in \(name), which has only \(allowed.count) allowed candidates")
            }
            needed += max(0, minimums[d] - kept)
            room += min(allowed.count, maximums[d])
        }
        if needed > count {
            throw LocationProblemError(
                "the district minimums and kept sites need \(needed) sites, more than the \(count) asked for")
        }
        if room < count {
            throw LocationProblemError(
                "the district maximums leave room for only \(room) sites, fewer than the \(count) asked for")
        }
    }

    /// The best selection given `value` per site, with `open` forced in and `closed` kept out as well
    /// as the rules; nil when those fixings make it impossible.
    func best(_ value: [Double], open: Set<Int> = [], closed: Set<Int> = []) -> [Int]? {
        let forcedIn = rules.forced.union(open)
        if !forcedIn.isDisjoint(with: closed) || forcedIn.count > count { return nil }
        var chosen = Array(forcedIn)
        var taken = [Bool](repeating: false, count: value.count)
        for j in chosen { taken[j] = true }
        // Marked by walking the sets rather than asking them per site: the bound calls this every step.
        var barred = taken
        for j in rules.forbidden { barred[j] = true }
        for j in closed { barred[j] = true }
        let allowed = (0..<value.count).filter { !barred[$0] }
        func before(_ a: Int, _ b: Int) -> Bool { value[a] > value[b] || value[a] == value[b] && a < b }
        // Without district limits only the top few matter.
        let ranked = minimums.isEmpty ? Self.top(count - chosen.count, of: allowed, by: before) : allowed.sorted(by: before)
        var have = [Int](repeating: 0, count: minimums.count)
        for j in chosen where districtOfSite[j] >= 0 { have[districtOfSite[j]] += 1 }
        if have.indices.contains(where: { have[$0] > maximums[$0] }) { return nil }
        for d in minimums.indices {
            for j in ranked where have[d] < minimums[d] && districtOfSite[j] == d && !taken[j] {
                chosen.append(j)
                taken[j] = true
                have[d] += 1
            }
            if have[d] < minimums[d] { return nil }
        }
        if chosen.count > count { return nil }
        for j in ranked where chosen.count < count && !taken[j] {
            let d = districtOfSite[j]
            if d >= 0 {
                guard have[d] < maximums[d] else { continue }
                have[d] += 1
            }
            chosen.append(j)
            taken[j] = true
        }
        return chosen.count == count ? chosen.sorted() : nil
    }

    /// The first `k` of `items` in the order `before` gives, in that order: O(items × k) at worst,
    /// about O(items) when most fall below the k-th.
    static func top(_ k: Int, of items: [Int], by before: (Int, Int) -> Bool) -> [Int] {
        guard k > 0 else { return [] }
        var kept: [Int] = []
        kept.reserveCapacity(k + 1)
        for j in items where kept.count < k || before(j, kept[k - 1]) {
            var at = kept.count
            while at > 0 && before(j, kept[at - 1]) { at -= 1 }
            kept.insert(j, at: at)
            if kept.count > k { kept.removeLast() }
        }
        return kept
    }

    /// Greedy construction: forced sites, then, one at a time, the allowed site with the largest
    /// `gain` (each district's minimum first). Ties go to the lower index, so the result never
    /// depends on chance. `add` is told of every site taken, forced ones included, so the caller
    /// can update its gains.
    func greedy(gain: (Int) -> Double, add: (Int) -> Void) -> [Int]? {
        var chosen = rules.forced.sorted()
        for j in chosen { add(j) }
        let allowed = (0..<districtOfSite.count).filter { !rules.forbidden.contains($0) }
        func take(_ pool: [Int]) -> Bool {
            // Each gain priced once.
            guard let j = pool.map({ (gain($0), -$0) }).max(by: <).map({ -$0.1 }) else { return false }
            chosen.append(j)
            add(j)
            return true
        }
        for d in minimums.indices {
            while chosen.filter({ districtOfSite[$0] == d }).count < minimums[d] {
                guard take(allowed.filter { districtOfSite[$0] == d && !chosen.contains($0) }) else { return nil }
            }
        }
        func roomIn(_ j: Int) -> Bool {
            let d = districtOfSite[j]
            return d < 0 || chosen.filter { districtOfSite[$0] == d }.count < maximums[d]
        }
        while chosen.count < count {
            guard take(allowed.filter { !chosen.contains($0) && roomIn($0) }) else { return nil }
        }
        return chosen.sorted()
    }

    /// Per site, whether a swap may take it out (not kept, not fixed open) and bring it in (not
    /// forbidden, not fixed closed): what both interchanges respect.
    func movable(open: Set<Int>, closed: Set<Int>) -> (mayLeave: [Bool], mayEnter: [Bool]) {
        let n = districtOfSite.count
        return (
            (0..<n).map { !rules.forced.contains($0) && !open.contains($0) },
            (0..<n).map { !rules.forbidden.contains($0) && !closed.contains($0) }
        )
    }

    /// Whether `out` may leave for `into` without taking its district below its minimum or
    /// `into`'s above its maximum, given how many chosen sites each district has.
    func swapKeepsLimits(_ out: Int, _ into: Int, perDistrict: [Int]) -> Bool {
        let d = districtOfSite[out], e = districtOfSite[into]
        if d == e { return true }
        return (d < 0 || perDistrict[d] > minimums[d]) && (e < 0 || perDistrict[e] < maximums[e])
    }

    /// Whether `sites` (exactly `count` of them) satisfies the rules.
    func allows(_ sites: [Int]) -> Bool {
        guard sites.count == count, rules.forced.isSubset(of: sites), rules.forbidden.isDisjoint(with: sites) else {
            return false
        }
        return minimums.indices.allSatisfy { d in
            (minimums[d]...maximums[d]).contains(sites.filter { districtOfSite[$0] == d }.count)
        }
    }
}
