/// A deliberately simple, slow reference for RAPTOR: Dijkstra on a time-expanded graph.
///
/// Nodes: `ready(stop, k)` — at `stop`, able to board the k-th departure event there (events sorted by time;
/// only events that allow pickup); `onboard(trip, i)` — on `trip` as it leaves position i.
/// Edges: wait (ready k → ready k+1), board (ready → onboard), ride (onboard i → onboard i+1), and alighting
/// (onboard i → arrival at the next stop if drop-off is allowed), which leads to `ready` at the same stop
/// and, via one footpath, at neighbouring stops. A node's key is its fixed event time, so Dijkstra settles
/// events in time order and the earliest arrival at a stop is the first time any arrival there is seen.
/// Shares no code with RAPTOR: it reads the raw trips, not route patterns.
struct TimeExpandedOracle {
    struct Trip {
        var stops: [Int], arrivals: [Int], departures: [Int], canBoard: [Bool], canAlight: [Bool]
    }

    enum Node: Hashable { case ready(stop: Int, index: Int), onboard(trip: Int, position: Int) }

    let trips: [Trip]
    let footpaths: [[(to: Int, seconds: Int)]]
    /// Per stop, boardable departure events (time, trip, position) sorted by time.
    var events: [[(time: Int, trip: Int, position: Int)]]

    init(stopCount: Int, trips: [Trip], footpaths: [[(to: Int, seconds: Int)]]) {
        self.trips = trips
        self.footpaths = footpaths
        events = Array(repeating: [], count: stopCount)
        for (t, trip) in trips.enumerated() {
            for i in 0..<(trip.stops.count - 1) where trip.canBoard[i] {
                events[trip.stops[i]].append((trip.departures[i], t, i))
            }
        }
        for s in events.indices { events[s].sort { ($0.time, $0.trip) < ($1.time, $1.trip) } }
    }

    func earliestArrival(sources: [(stop: Int, arrival: Int)]) -> [Int?] {
        var best = [Int?](repeating: nil, count: events.count)
        var settled = Set<Node>()
        var heap = MinHeap()
        func readyAt(_ s: Int, _ t: Int) {
            if let k = events[s].firstIndex(where: { $0.time >= t }) { heap.push(events[s][k].time, .ready(stop: s, index: k)) }
        }
        func arrive(_ s: Int, _ t: Int) {
            best[s] = min(best[s] ?? Int.max, t)
            readyAt(s, t)
            for f in footpaths[s] {
                best[f.to] = min(best[f.to] ?? Int.max, t + f.seconds)
                readyAt(f.to, t + f.seconds)
            }
        }
        for s in sources { arrive(s.stop, s.arrival) }
        while let (_, node) = heap.pop() {
            guard settled.insert(node).inserted else { continue }
            switch node {
            case let .ready(s, k):
                if k + 1 < events[s].count { heap.push(events[s][k + 1].time, .ready(stop: s, index: k + 1)) }
                let e = events[s][k]
                heap.push(e.time, .onboard(trip: e.trip, position: e.position))
            case let .onboard(t, i):
                let trip = trips[t]
                guard i + 1 < trip.stops.count else { continue }
                if trip.canAlight[i + 1] { arrive(trip.stops[i + 1], trip.arrivals[i + 1]) }
                heap.push(trip.departures[i + 1], .onboard(trip: t, position: i + 1))
            }
        }
        return best
    }
}

/// A binary min-heap of (key, node), enough for the oracle.
struct MinHeap {
    var items: [(key: Int, node: TimeExpandedOracle.Node)] = []

    mutating func push(_ key: Int, _ node: TimeExpandedOracle.Node) {
        items.append((key, node))
        var i = items.count - 1
        while i > 0 && items[(i - 1) / 2].key > items[i].key {
            items.swapAt(i, (i - 1) / 2)
            i = (i - 1) / 2
        }
    }

    mutating func pop() -> (Int, TimeExpandedOracle.Node)? {
        guard !items.isEmpty else { return nil }
        let top = items[0]
        items[0] = items[items.count - 1]
        items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && items[l].key < items[m].key { m = l }
            if r < items.count && items[r].key < items[m].key { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return (top.key, top.node)
    }
}
