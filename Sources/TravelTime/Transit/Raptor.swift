/// Round-based public transit routing (RAPTOR).
///
/// Reference: D. Delling, T. Pajor, R. F. Werneck, "Round-Based Public Transit Routing",
/// ALENEX 2012 / Transportation Science 49(3), 2015. Round k finds the earliest arrival at every stop
/// using at most k vehicles; each round scans every route pattern serving a stop improved in the previous
/// round once, then relaxes footpaths.
///
/// Semantics here: the same-stop change time is 0 s; one footpath may follow each ride (and the access at a
/// source); footpaths are not chained. Times are seconds after midnight of the service day.
public enum Raptor {
    /// Earliest arrival at every stop.
    /// - Parameters:
    ///   - sources: stops where the journey may start and the absolute time one is there (departure + access).
    ///   - departure: the departure time; arrivals after `departure + maxDuration` count as unreachable.
    ///   - maxTransfers: vehicle changes allowed (rides = maxTransfers + 1).
    /// - Returns: per stop, the earliest arrival time, or nil.
    /// - Complexity: O(K · (Σ_r |r| + Σ_r log T_r + F)) for K = maxTransfers + 1 rounds, route patterns r with
    ///   |r| stops and T_r trips, and F footpaths; in practice far less, as only marked patterns are scanned.
    public static func earliestArrival(
        _ timetable: Timetable, sources: [(stop: Int, arrivalSeconds: Int)], departure: Int,
        maxTransfers: Int, maxDuration: Int
    ) -> [Int?] {
        var search = RaptorSearch(timetable: timetable, maxTransfers: maxTransfers)
        let cutoff = RaptorSearch.clampedSum(departure, maxDuration)
        search.run(sources: sources.map { ($0.stop, RaptorSearch.clampedSum($0.arrivalSeconds, 0)) }, cutoff: cutoff)
        return search.result(cutoff: cutoff)
    }
}
