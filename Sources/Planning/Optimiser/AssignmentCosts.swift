/// Both p-median and maximal covering minimise Σᵢ min_{j∈S} cᵢⱼ over sets S of p sites: for
/// p-median cᵢⱼ is the weighted minutes (capped at the unreachable value); for covering it is 0 when
/// site j is within the radius of demand i and wᵢ otherwise (the weight left uncovered). One
/// search then serves both.
struct AssignmentCosts: Sendable {
    let demandCount: Int
    let siteCount: Int
    /// Row-major, demand × site.
    let cost: [Double]
    /// What a demand point costs when no site is open (covering: its weight; p-median: the cap).
    let uncovered: [Double]

    static func pMedian(_ x: LocationInstance, unreachableMinutes: Double) -> AssignmentCosts {
        var cost = [Double](repeating: 0, count: x.minutes.count)
        for i in 0..<x.demandCount {
            for j in 0..<x.siteCount { cost[i * x.siteCount + j] = x.weights[i] * min(x.time(i, j), unreachableMinutes) }
        }
        return AssignmentCosts(
            demandCount: x.demandCount, siteCount: x.siteCount, cost: cost,
            uncovered: x.weights.map { $0 * unreachableMinutes })
    }

    static func covering(_ x: LocationInstance, minutes: Double) -> AssignmentCosts {
        var cost = [Double](repeating: 0, count: x.minutes.count)
        for i in 0..<x.demandCount {
            for j in 0..<x.siteCount where !(x.time(i, j) <= minutes) { cost[i * x.siteCount + j] = x.weights[i] }
        }
        return AssignmentCosts(demandCount: x.demandCount, siteCount: x.siteCount, cost: cost, uncovered: x.weights)
    }

    @inline(__always) func c(_ i: Int, _ j: Int) -> Double { cost[i * siteCount + j] }

    /// 1 when every cost is a whole number (covering with counts of people as weights), so any
    /// better answer is better by at least 1; 0 otherwise.
    var granularity: Double {
        func whole(_ v: Double) -> Bool { v.magnitude < 1e15 && v == v.rounded() }
        return cost.allSatisfy(whole) && uncovered.allSatisfy(whole) ? 1 : 0
    }

    /// Each demand point's sites from cheapest to dearest, flattened: row i is
    /// `order[i * siteCount ..< (i + 1) * siteCount]`, with the costs beside them. The bound only
    /// ever needs the sites cheaper than a multiplier, which this finds without scanning the rest.
    func sortedRows() -> (sites: [Int32], costs: [Double]) {
        var sites = [Int32](repeating: 0, count: cost.count), costs = [Double](repeating: 0, count: cost.count)
        var row = [Int](0..<siteCount)
        for i in 0..<demandCount {
            let base = i * siteCount
            let zero = (0..<siteCount).filter { cost[base + $0] == 0 }
            if (0..<siteCount).allSatisfy({ cost[base + $0] == 0 || cost[base + $0] == uncovered[i] }) {
                // Covering's rows hold only 0 and the weight: the sites covering it, then the rest.
                row = zero + (0..<siteCount).filter { cost[base + $0] != 0 }
            } else {
                row = Array(0..<siteCount)
                row.sort { (cost[base + $0], $0) < (cost[base + $1], $1) }
            }
            for (k, j) in row.enumerated() {
                sites[base + k] = Int32(j)
                costs[base + k] = cost[base + j]
            }
        }
        return (sites, costs)
    }

    /// Σᵢ min over `sites` of cᵢⱼ.
    func total(_ sites: [Int]) -> Double {
        var sum = 0.0
        for i in 0..<demandCount {
            var best = uncovered[i]
            for j in sites { best = min(best, c(i, j)) }
            sum += best
        }
        return sum
    }
}
