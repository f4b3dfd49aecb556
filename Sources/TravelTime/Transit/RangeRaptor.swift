/// Earliest arrivals for every departure minute of a window.
public struct RaptorRangeResult: Sendable {
    /// Departure times, ascending (window start, start + step, …, ≤ window end).
    public var departures: [Int]
    /// `arrivals[d][stop]`: earliest arrival at `stop` leaving at `departures[d]`, nil when unreachable.
    public var arrivals: [[Int?]]
    /// `vehicleArrivals[d][stop]`: the same, stepping off a vehicle (at least one ride, no footpath after it).
    public var vehicleArrivals: [[Int?]]
    public var maxDuration: Int
}

extension Raptor {
    /// Range RAPTOR (rRAPTOR, Delling et al. 2012, §4): runs one RAPTOR per departure time, latest first,
    /// *without* resetting labels. A journey leaving later can also be taken by leaving earlier and waiting,
    /// so labels from later departures are valid upper bounds, and each earlier run only explores what
    /// improves on them.
    /// - Parameters:
    ///   - sources: stops and the access time (seconds) to walk to them from the origin.
    ///   - window: departure times (seconds after midnight), both ends included, every `stepSeconds`.
    /// - Complexity: worst case that of `earliestArrival` per departure, but typically much less: each run
    ///   scans only patterns around stops whose labels improved over the previous (later) departure.
    ///   - footpathsAfterAccess: whether a footpath may follow the access walk (off for door-to-door
    ///     times under a walking limit: the access legs already reach every stop within it).
    public static func range(
        _ timetable: Timetable, sources: [(stop: Int, accessSeconds: Int)], window: ClosedRange<Int>,
        stepSeconds: Int = 60, maxTransfers: Int, maxDuration: Int, footpathsAfterAccess: Bool = true
    ) -> RaptorRangeResult {
        let step = max(1, stepSeconds)
        let departures = Array(stride(from: window.lowerBound, through: window.upperBound, by: step))
        var search = RaptorSearch(
            timetable: timetable, maxTransfers: maxTransfers, footpathsFromSources: footpathsAfterAccess)
        var arrivals = Array(repeating: [Int?](), count: departures.count)
        var vehicleArrivals = arrivals
        for d in departures.indices.reversed() {
            let t = departures[d]
            let cutoff = RaptorSearch.clampedSum(t, maxDuration)
            search.run(sources: sources.map { ($0.stop, RaptorSearch.clampedSum(t, $0.accessSeconds)) }, cutoff: cutoff)
            arrivals[d] = search.result(cutoff: cutoff)
            vehicleArrivals[d] = search.vehicleResult(cutoff: cutoff)
        }
        return RaptorRangeResult(
            departures: departures, arrivals: arrivals, vehicleArrivals: vehicleArrivals, maxDuration: maxDuration)
    }

    /// Door-to-door travel times per destination and departure: the best over the destination's egress
    /// stops of (arrival at stop + egress − departure), nil when none is reachable within `maxDuration`.
    /// - Returns: `[destination][departure index]`.
    /// - Complexity: O(D · E · M) for D destinations with E egress stops each and M departures.
    /// - Parameter vehiclesOnly: egress walks start only where a vehicle stops (a journey with at
    ///   least one ride and no footpath before the egress walk).
    public static func travelTimes(
        _ range: RaptorRangeResult, egress: [[(stop: Int, egressSeconds: Int)]], vehiclesOnly: Bool = false
    ) -> [[Int?]] {
        let arrivals = vehiclesOnly ? range.vehicleArrivals : range.arrivals
        return egress.map { legs in
            range.departures.indices.map { d -> Int? in
                var best: Int?
                for leg in legs where arrivals[d].indices.contains(leg.stop) {
                    guard let a = arrivals[d][leg.stop] else { continue }
                    let total = RaptorSearch.clampedSum(a, leg.egressSeconds) - range.departures[d]
                    if total <= range.maxDuration && total < (best ?? Int.max) { best = total }
                }
                return best
            }
        }
    }
}
