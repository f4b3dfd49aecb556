/// The label state of one RAPTOR search, reusable across departure times (that reuse is what makes
/// range RAPTOR cheaper than independent searches).
///
/// Two labels per round and stop, because footpaths are not transitive: `ride[k][p]` is the earliest
/// arrival at `p` *on a vehicle (or at a source, when footpaths may follow the access walk)* using at
/// most k rides, from which one footpath may follow;
/// `best[k][p]` also counts arrivals on foot and is what the next round boards from. Labels of round k are
/// carried into round k+1 (best with *at most* k rides), and pruning compares against the same round only,
/// never against the best over all rounds: with labels reused across departures, a cross-round bound could
/// discard a journey with fewer rides and wrongly exceed `maxTransfers` later.
struct RaptorSearch {
    static let unreached = Int.max
    static let maxRounds = 100
    /// Times beyond this are treated as unreachable, so adding footpath or egress seconds never overflows.
    static let latestTime = Int.max / 4

    /// `a + b` clamped to `latestTime` (both operands are caller-supplied and may be extreme).
    static func clampedSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? latestTime : -latestTime) : min(max(sum, -latestTime), latestTime)
    }

    let timetable: Timetable
    let rounds: Int
    /// Whether one footpath may follow the access walk at a source. Off for door-to-door times,
    /// where the access walk already reaches every stop within the walking limit and a footpath
    /// after it would walk past the limit.
    let footpathsFromSources: Bool
    var ride: [[Int]]
    var best: [[Int]]
    /// The earliest arrival at each stop on a vehicle (one ride or more, any round): where an egress
    /// walk may start, so no footpath lengthens the walk at the destination's end.
    var vehicle: [Int]
    var marked: [Bool]
    var markedList: [Int]
    /// Earliest marked position per pattern in the current round (-1: pattern not queued).
    var queueStart: [Int]
    var queued: [Int]

    init(timetable: Timetable, maxTransfers: Int, footpathsFromSources: Bool = true) {
        self.timetable = timetable
        self.footpathsFromSources = footpathsFromSources
        // Capped so a caller's "unlimited" (e.g. Int.max) cannot overflow or allocate absurdly; no real
        // journey needs 100 vehicles.
        rounds = min(max(0, maxTransfers), RaptorSearch.maxRounds - 1) + 1
        let n = timetable.stops.count
        ride = Array(repeating: Array(repeating: RaptorSearch.unreached, count: n), count: rounds + 1)
        best = ride
        vehicle = Array(repeating: RaptorSearch.unreached, count: n)
        marked = Array(repeating: false, count: n)
        markedList = []
        queueStart = Array(repeating: -1, count: timetable.patterns.count)
        queued = []
    }

    mutating func mark(_ p: Int) {
        if !marked[p] {
            marked[p] = true
            markedList.append(p)
        }
    }

    /// Runs RAPTOR from source arrivals (absolute seconds), discarding arrivals later than `cutoff`.
    /// Afterwards `best[rounds][p]` is the earliest arrival at `p` with at most `rounds` rides.
    mutating func run(sources: [(stop: Int, arrival: Int)], cutoff requested: Int) {
        let cutoff = min(requested, RaptorSearch.latestTime - 1)
        for p in markedList { marked[p] = false }
        markedList.removeAll(keepingCapacity: true)
        var improved: [(stop: Int, arrival: Int)] = []
        for s in sources where s.arrival <= cutoff && timetable.stops.indices.contains(s.stop) {
            // Without footpaths from sources, `ride` holds vehicle arrivals only: an access walk that
            // reaches a stop first must not hide a later ride there, from which a footpath or the
            // egress walk may still go on (the transit peer found such journeys dropped).
            if footpathsFromSources, s.arrival < ride[0][s.stop] {
                ride[0][s.stop] = s.arrival
                improved.append(s)
            }
            if s.arrival < best[0][s.stop] {
                best[0][s.stop] = s.arrival
                mark(s.stop)
            }
        }
        if footpathsFromSources { relaxFootpaths(round: 0, from: improved, cutoff: cutoff) }
        var k = 1
        while k <= rounds && !markedList.isEmpty {
            carryOver(round: k)
            collectPatterns()
            improved.removeAll(keepingCapacity: true)
            scanPatterns(round: k, cutoff: cutoff, improved: &improved)
            relaxFootpaths(round: k, from: improved, cutoff: cutoff)
            k += 1
        }
        // Rounds not reached this time still need the carried-over labels.
        while k <= rounds {
            carryOver(round: k)
            k += 1
        }
    }

    mutating func carryOver(round k: Int) {
        for p in 0..<ride[k].count {
            if ride[k - 1][p] < ride[k][p] { ride[k][p] = ride[k - 1][p] }
            if best[k - 1][p] < best[k][p] { best[k][p] = best[k - 1][p] }
        }
    }

    /// Queues each pattern that serves a marked stop, from its earliest marked position; clears the marks.
    mutating func collectPatterns() {
        for p in markedList {
            marked[p] = false
            for v in timetable.visits[p] {
                let q = queueStart[v.pattern]
                if q < 0 { queued.append(v.pattern) }
                if q < 0 || v.position < q { queueStart[v.pattern] = v.position }
            }
        }
        markedList.removeAll(keepingCapacity: true)
    }

    /// Walks along each queued pattern, riding the earliest catchable trip.
    mutating func scanPatterns(round k: Int, cutoff: Int, improved: inout [(stop: Int, arrival: Int)]) {
        for r in queued {
            let pattern = timetable.patterns[r]
            let n = pattern.stops.count
            var trip = -1
            for i in queueStart[r]..<n {
                let p = pattern.stops[i]
                if trip >= 0 && pattern.alights(trip: trip, at: i) {
                    let arr = pattern.arrival(trip: trip, at: i)
                    if arr <= cutoff && arr < ride[k][p] {
                        ride[k][p] = arr
                        if arr < vehicle[p] { vehicle[p] = arr }
                        improved.append((p, arr))
                        if arr < best[k][p] {
                            best[k][p] = arr
                            mark(p)
                        }
                    }
                }
                let ready = best[k - 1][p]
                if ready != RaptorSearch.unreached && (trip < 0 || ready <= pattern.departure(trip: trip, at: i)) {
                    let limit = trip < 0 ? pattern.tripCount : trip
                    if let t = Self.earliestTrip(pattern, at: i, readyAt: ready, before: limit) { trip = t }
                }
            }
            queueStart[r] = -1
        }
        queued.removeAll(keepingCapacity: true)
    }

    /// The earliest trip (index below `limit`) leaving position `i` at or after `ready` that allows boarding.
    /// - Complexity: O(log T) binary search plus a scan over trips that forbid pickup there.
    static func earliestTrip(_ pattern: RoutePattern, at i: Int, readyAt ready: Int, before limit: Int) -> Int? {
        var lo = 0, hi = limit
        while lo < hi {
            let mid = (lo + hi) / 2
            if pattern.departure(trip: mid, at: i) < ready { lo = mid + 1 } else { hi = mid }
        }
        var t = lo
        while t < limit {
            if pattern.boards(trip: t, at: i) { return t }
            t += 1
        }
        return nil
    }

    /// One footpath after each stop whose on-vehicle (or source) arrival improved this round.
    mutating func relaxFootpaths(round k: Int, from improved: [(stop: Int, arrival: Int)], cutoff: Int) {
        for (p, arr) in improved where arr == ride[k][p] {
            for f in timetable.footpaths[p] {
                let t = arr + f.seconds
                if t <= cutoff && t < best[k][f.to] {
                    best[k][f.to] = t
                    mark(f.to)
                }
            }
        }
    }

    /// Earliest arrivals with at most `rounds` rides, nil where unreached or beyond `cutoff`.
    func result(cutoff: Int) -> [Int?] {
        best[rounds].map { $0 <= cutoff ? $0 : nil }
    }

    /// Earliest arrivals on a vehicle (at least one ride), nil where none or beyond `cutoff`.
    func vehicleResult(cutoff: Int) -> [Int?] {
        vehicle.map { $0 <= cutoff ? $0 : nil }
    }
}
