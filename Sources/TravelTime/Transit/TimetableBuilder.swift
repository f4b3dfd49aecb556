import CentresCore

/// A trip that cannot go into a timetable.
public struct TimetableError: Error, Sendable, Equatable, CustomStringConvertible {
    public var tripId: String
    public var message: String
    public var description: String { "trip '\(tripId)': \(message)" }
}

/// Collects stops, trip instances and transfers, then groups trips into FIFO route patterns.
public struct TimetableBuilder: Sendable {
    struct PendingTrip: Sendable {
        var routeId: String, tripId: String
        var stops: [Int], arrivals: [Int], departures: [Int], canBoard: [Bool], canAlight: [Bool]
    }

    public private(set) var stops: [TransitStop] = []
    var trips: [PendingTrip] = []
    var explicitTransfers: [(from: Int, to: Int, seconds: Int?)] = []
    var forbiddenTransfers: Set<[Int]> = []
    public var metadata: TimetableMetadata

    public init(metadata: TimetableMetadata = TimetableMetadata(source: "built in memory")) {
        self.metadata = metadata
    }

    @discardableResult
    public mutating func addStop(id: String, name: String, coordinate: Coordinate) -> Int {
        stops.append(TransitStop(id: id, name: name, coordinate: coordinate))
        return stops.count - 1
    }

    /// Adds one trip instance. Times must be non-decreasing along the trip (arrival ≤ departure ≤ next arrival).
    /// `canBoard` / `canAlight` default to true everywhere.
    public mutating func addTrip(
        routeId: String, tripId: String, stops tripStops: [Int], arrivals: [Int], departures: [Int],
        canBoard: [Bool]? = nil, canAlight: [Bool]? = nil
    ) throws(TimetableError) {
        let n = tripStops.count
        func fail(_ m: String) -> TimetableError { TimetableError(tripId: tripId, message: m) }
        guard n >= 2 else { throw fail("a trip needs at least two stops") }
        guard arrivals.count == n, departures.count == n, (canBoard?.count ?? n) == n, (canAlight?.count ?? n) == n
        else { throw fail("the per-stop arrays have different lengths") }
        guard tripStops.allSatisfy({ $0 >= 0 && $0 < stops.count }) else { throw fail("a stop index is out of range") }
        for i in 0..<n {
            guard arrivals[i] <= departures[i] else { throw fail("departs before it arrives at position \(i)") }
            guard i == 0 || departures[i - 1] <= arrivals[i] else { throw fail("time decreases at position \(i)") }
        }
        trips.append(
            PendingTrip(
                routeId: routeId, tripId: tripId, stops: tripStops, arrivals: arrivals, departures: departures,
                canBoard: canBoard ?? Array(repeating: true, count: n),
                canAlight: canAlight ?? Array(repeating: true, count: n)))
    }

    /// A transfer from transfers.txt: `seconds` is min_transfer_time, or nil to use the walking time.
    public mutating func addTransfer(from: Int, to: Int, seconds: Int?) {
        guard from != to, stops.indices.contains(from), stops.indices.contains(to) else { return }
        // Clamped to a day: a feed's min_transfer_time is untrusted text.
        explicitTransfers.append((from, to, seconds.map { min(max($0, 0), 86_400) }))
    }

    /// transfer_type 3: no transfer is possible, so no walking transfer is generated either.
    public mutating func forbidTransfer(from: Int, to: Int) { forbiddenTransfers.insert([from, to]) }

    /// Groups trips into patterns, sorts them, and generates footpaths.
    /// - Parameters:
    ///   - maxTransferWalkMetres: walking transfers are generated between stops at most this far apart
    ///     (straight line), walked at `walkingSpeed` (the seconds rounded up).
    ///   - walkingSpeed: metres per second (4.8 km/h by default).
    /// - Complexity: O(T log T) in stop events for grouping and sorting, plus footpath generation (see `Footpaths`).
    public func build(maxTransferWalkMetres: Double = 400, walkingSpeed: Double = 4.8 / 3.6) -> Timetable {
        let patterns = PatternGrouping.group(trips)
        var visits = Array(repeating: [PatternVisit](), count: stops.count)
        for (p, pattern) in patterns.enumerated() {
            for (i, s) in pattern.stops.enumerated() { visits[s].append(PatternVisit(pattern: p, position: i)) }
        }
        let footpaths = Footpaths.generate(
            stops: stops.map(\.coordinate), maxMetres: maxTransferWalkMetres, speed: walkingSpeed,
            explicit: explicitTransfers, forbidden: forbiddenTransfers)
        var metadata = metadata
        metadata.transferMetres = maxTransferWalkMetres
        return Timetable(metadata: metadata, stops: stops, patterns: patterns, visits: visits, footpaths: footpaths)
    }
}
