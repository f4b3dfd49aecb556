import CentresCore

/// A stop (or station) that trips serve, indexed by its position in `Timetable.stops`.
public struct TransitStop: Sendable, Equatable {
    public var id: String
    public var name: String
    public var coordinate: Coordinate

    public init(id: String, name: String, coordinate: Coordinate) {
        self.id = id
        self.name = name
        self.coordinate = coordinate
    }
}

/// A walking (or timed) transfer from one stop to another.
public struct Footpath: Sendable, Equatable {
    public var to: Int
    public var seconds: Int
}

/// Trips that visit exactly the same stop sequence and never overtake one another (FIFO), which is what
/// RAPTOR's "earliest trip" scan needs. Times are seconds after midnight of the service day and are stored
/// trip-major in flat arrays: the value for trip `t` at position `i` is at `t * stops.count + i`.
public struct RoutePattern: Sendable {
    public var routeId: String
    public var stops: [Int]
    public var tripIds: [String]
    public var arrivals: [Int]
    public var departures: [Int]
    /// False where pickup_type / drop_off_type is 1 (not available).
    public var canBoard: [Bool]
    public var canAlight: [Bool]

    public var tripCount: Int { tripIds.count }
    @inline(__always) public func arrival(trip: Int, at i: Int) -> Int { arrivals[trip * stops.count + i] }
    @inline(__always) public func departure(trip: Int, at i: Int) -> Int { departures[trip * stops.count + i] }
    @inline(__always) func boards(trip: Int, at i: Int) -> Bool { canBoard[trip * stops.count + i] }
    @inline(__always) func alights(trip: Int, at i: Int) -> Bool { canAlight[trip * stops.count + i] }
}

/// Where a pattern visits a stop (a pattern may visit a stop more than once, e.g. loops).
public struct PatternVisit: Sendable, Equatable {
    public var pattern: Int
    public var position: Int
}

/// Describes where a timetable came from, for result metadata.
public struct TimetableMetadata: Sendable, Equatable {
    public var source: String
    public var serviceDate: SimpleDate?
    public var feedStartDate: SimpleDate?
    public var feedEndDate: SimpleDate?
    /// Stops at most this far apart (straight line) have a walking transfer; set by `TimetableBuilder.build`.
    public var transferMetres: Double?

    public init(
        source: String, serviceDate: SimpleDate? = nil, feedStartDate: SimpleDate? = nil,
        feedEndDate: SimpleDate? = nil
    ) {
        self.source = source
        self.serviceDate = serviceDate
        self.feedStartDate = feedStartDate
        self.feedEndDate = feedEndDate
    }
}

/// One service day of public transport in the form RAPTOR scans: stops, route patterns with their trips
/// sorted by departure, the patterns at each stop, and footpaths. Build it with `TimetableBuilder`.
public struct Timetable: Sendable {
    public var metadata: TimetableMetadata
    public var stops: [TransitStop]
    public var patterns: [RoutePattern]
    /// For each stop, the patterns that visit it and at which position.
    public var visits: [[PatternVisit]]
    /// For each stop, its outgoing transfers (never including itself).
    public var footpaths: [[Footpath]]

    public var tripCount: Int { patterns.reduce(0) { $0 + $1.tripCount } }
    public var footpathCount: Int { footpaths.reduce(0) { $0 + $1.count } }

    /// The index of the stop with GTFS id `id`, if any.
    public func stopIndex(id: String) -> Int? { stops.firstIndex { $0.id == id } }
}
