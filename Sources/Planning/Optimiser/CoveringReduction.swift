/// Shrinks a covering instance without changing its optimum, before the search:
/// - demand points a kept site covers are covered whatever else is chosen, and points no allowed
///   site covers never are: both leave the search as a constant;
/// - a site whose covered points are a subset of another allowed site's (ties: the lower index
///   stays) is dropped, provided it is not kept, its dominator is in the same district whenever
///   its district has a minimum or the dominator's has a maximum, and enough sites remain for the
///   count, every minimum and the maximums: any solution using it can swap it for its dominator,
///   or for a spare site, and cover no less;
/// - points left with the same set of covering sites are merged, their weights summed.
/// Regions served by the same few sites (most of a rural county) shrink the most.
struct CoveringReduction: Sendable {
    /// The smaller instance: minutes are 0 (covered) or ∞, so only coverage matters in it.
    let instance: LocationInstance
    let rules: SiteRules
    /// Original index of each remaining site.
    let siteMap: [Int]
    /// Weight covered whatever is chosen (by kept sites).
    let coveredAlways: Double

    init(_ x: LocationInstance, rules: SiteRules, minutes radius: Double, count: Int?) {
        let n = x.siteCount
        let allowed = (0..<n).filter { !rules.forbidden.contains($0) }
        var covered = 0.0
        var points: [(weight: Double, sites: [Int])] = []
        for i in 0..<x.demandCount {
            let sites = allowed.filter { x.time(i, $0) <= radius }
            if sites.contains(where: rules.forced.contains) {
                covered += x.weights[i]
            } else if !sites.isEmpty, x.weights[i] > 0 {
                points.append((x.weights[i], sites))
            }
        }
        let kept = Self.undominated(allowed, points: points.map(\.sites), x: x, rules: rules, count: count)
        var merged: [[Int]: Double] = [:]
        var order: [[Int]] = []
        let position = Dictionary(uniqueKeysWithValues: kept.enumerated().map { ($1, $0) })
        for point in points {
            let key = point.sites.compactMap { position[$0] }
            if merged[key] == nil { order.append(key) }
            merged[key, default: 0] += point.weight
        }
        var minutes = [Double](repeating: .infinity, count: order.count * kept.count)
        for (i, key) in order.enumerated() { for j in key { minutes[i * kept.count + j] = 0 } }
        instance = LocationInstance(
            demandIDs: order.indices.map { "g\($0)" }, siteIDs: kept.map { x.siteIDs[$0] },
            weights: order.map { merged[$0]! }, minutes: minutes, siteCosts: kept.map { x.siteCosts[$0] },
            siteDistricts: kept.map { x.siteDistricts[$0] })
        self.rules = SiteRules(
            forced: Set(kept.indices.filter { rules.forced.contains(kept[$0]) }), forbidden: [],
            minimumPerDistrict: rules.minimumPerDistrict, maximumPerDistrict: rules.maximumPerDistrict)
        siteMap = kept
        coveredAlways = covered
    }

    /// The allowed sites no other allowed site dominates, or all of them when dropping the
    /// dominated ones would leave too few for the count or a district's minimum.
    static func undominated(_ allowed: [Int], points: [[Int]], x: LocationInstance, rules: SiteRules, count: Int?) -> [Int] {
        guard let count else { return allowed }
        let words = (points.count + 63) / 64
        var cover = [[UInt64]](repeating: [UInt64](repeating: 0, count: words), count: x.siteCount)
        for (i, sites) in points.enumerated() { for j in sites { cover[j][i / 64] |= 1 << UInt64(i % 64) } }
        let (district, minimums, maximums) = rules.districtIndex(x)
        func free(_ j: Int, _ k: Int) -> Bool {
            district[j] == district[k]
                || (district[j] < 0 || minimums[district[j]] == 0) && (district[k] < 0 || maximums[district[k]] == Int.max)
        }
        func dominated(_ j: Int) -> Bool {
            guard !rules.forced.contains(j) else { return false }
            return allowed.contains { k in
                guard k != j, free(j, k) else { return false }
                var strict = false
                for w in 0..<words {
                    if cover[j][w] & ~cover[k][w] != 0 { return false }
                    if cover[k][w] & ~cover[j][w] != 0 { strict = true }
                }
                return strict || k < j
            }
        }
        let kept = allowed.filter { !dominated($0) }
        let room =
            kept.filter { district[$0] < 0 }.count
            + minimums.indices.reduce(0) { sum, d in sum + min(kept.filter { district[$0] == d }.count, maximums[d]) }
        let enough =
            room >= count
            && minimums.indices.allSatisfy { d in kept.filter { district[$0] == d }.count >= minimums[d] }
        return enough ? kept : allowed
    }

    /// The weight covered when the smaller instance leaves nothing uncovered.
    var coveredWhenNothingLeft: Double { coveredAlways + instance.totalWeight }

    /// The search's answer on the smaller instance, in the original's site numbers and weights.
    func original(_ o: SiteSearch.Outcome) -> (sites: [Int], covered: Double, bound: Double) {
        (o.sites.map { siteMap[$0] }.sorted(), coveredWhenNothingLeft - o.total, coveredWhenNothingLeft - o.bound)
    }
}
