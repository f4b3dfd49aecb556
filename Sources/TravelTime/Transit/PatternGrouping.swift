/// Splits trips into RAPTOR route patterns.
enum PatternGrouping {
    /// Trips with the same stop sequence *and the same pickup/drop-off flags* are sorted by first departure;
    /// a trip joins the first pattern of that group whose latest trip it never overtakes (arrivals and
    /// departures ≥ at every stop), else it starts a new pattern. RAPTOR's scan keeps only the earliest
    /// catchable trip, which is exact only when an earlier trip dominates a later one: FIFO, and no stop where
    /// the later trip lets you off but the earlier does not (the oracle tests found exactly that case).
    /// - Complexity: O(T log T + T · P · n) where P is the (usually 1) number of patterns per stop sequence.
    static func group(_ trips: [TimetableBuilder.PendingTrip]) -> [RoutePattern] {
        var bySequence: [[Int]: [Int]] = [:]
        for (t, trip) in trips.enumerated() {
            let key = trip.stops + [-1] + trip.canBoard.map { $0 ? 1 : 0 } + trip.canAlight.map { $0 ? 1 : 0 }
            bySequence[key, default: []].append(t)
        }
        // Sort keys so pattern numbering is deterministic (dictionary order is not).
        let keys = bySequence.keys.sorted { a, b in a.lexicographicallyPrecedes(b) }
        var patterns: [RoutePattern] = []
        for key in keys {
            let members = bySequence[key]!.sorted { a, b in
                let x = trips[a], y = trips[b]
                return (x.departures[0], x.arrivals.last!, x.tripId) < (y.departures[0], y.arrivals.last!, y.tripId)
            }
            var groups: [[Int]] = []
            for t in members {
                if let g = groups.firstIndex(where: { !overtakes(trips[t], trips[$0.last!]) }) {
                    groups[g].append(t)
                } else {
                    groups.append([t])
                }
            }
            for g in groups { patterns.append(makePattern(g.map { trips[$0] })) }
        }
        return patterns
    }

    /// Whether `later` (departing no earlier at the first stop) is ever earlier than `earlier` downstream.
    static func overtakes(_ later: TimetableBuilder.PendingTrip, _ earlier: TimetableBuilder.PendingTrip) -> Bool {
        for i in later.stops.indices
        where later.arrivals[i] < earlier.arrivals[i] || later.departures[i] < earlier.departures[i] {
            return true
        }
        return false
    }

    static func makePattern(_ trips: [TimetableBuilder.PendingTrip]) -> RoutePattern {
        RoutePattern(
            routeId: trips[0].routeId, stops: trips[0].stops, tripIds: trips.map(\.tripId),
            arrivals: trips.flatMap(\.arrivals), departures: trips.flatMap(\.departures),
            canBoard: trips.flatMap(\.canBoard), canAlight: trips.flatMap(\.canAlight))
    }
}
