import CentresCore

public struct GTFSAgency: Sendable, Equatable {
    public var id: String?
    public var name: String
    public var timezone: String
}

public struct GTFSStop: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Nil for generic nodes and boarding areas, which GTFS lets omit a position.
    public var coordinate: Coordinate?
    /// 0 stop/platform, 1 station, 2 entrance, 3 generic node, 4 boarding area.
    public var locationType: Int
    public var parentStation: String?
}

public struct GTFSRoute: Sendable, Equatable {
    public var id: String
    public var agencyId: String?
    public var shortName: String?
    public var longName: String?
    public var type: Int
}

public struct GTFSTrip: Sendable, Equatable {
    public var id: String
    public var routeId: String
    public var serviceId: String
    public var headsign: String?
}

/// One row of stop_times.txt, with ids resolved to indices into `GTFSFeed.stops`.
public struct GTFSStopTime: Sendable, Equatable {
    public var stop: Int
    public var sequence: Int
    /// Seconds after midnight of the service day ("noon minus 12 h"); may exceed 86,400.
    public var arrival: Int
    public var departure: Int
    /// False when pickup_type / drop_off_type is 1 ("not available").
    public var pickup: Bool
    public var dropOff: Bool
    /// The line in stop_times.txt, for reports.
    public var line: Int
}

public struct GTFSCalendar: Sendable, Equatable {
    public var serviceId: String
    /// Monday first, as in calendar.txt.
    public var weekdays: [Bool]
    public var startDate: SimpleDate
    public var endDate: SimpleDate
}

public struct GTFSCalendarDate: Sendable, Equatable {
    public var serviceId: String
    public var date: SimpleDate
    /// 1: service added on this date; 2: removed.
    public var exceptionType: Int
}

public struct GTFSTransfer: Sendable, Equatable {
    public var fromStop: Int
    public var toStop: Int
    public var type: Int
    public var minTransferTime: Int?
}

public struct GTFSFrequency: Sendable, Equatable {
    /// Index into `GTFSFeed.trips`.
    public var trip: Int
    public var startTime: Int
    public var endTime: Int
    public var headwaySeconds: Int
    public var exactTimes: Bool
}

public struct GTFSFeedInfo: Sendable, Equatable {
    public var publisherName: String?
    public var startDate: SimpleDate?
    public var endDate: SimpleDate?
    public var version: String?
}

/// A parsed GTFS feed. Loading never throws for problems in the feed's content: they are collected in
/// `report`, and rows that cannot be used are left out (a trip with bad times is excluded entirely).
public struct GTFSFeed: Sendable {
    /// The feed's file name, recorded in result metadata.
    public var fileName: String
    public var feedInfo: GTFSFeedInfo?
    public var agencies: [GTFSAgency] = []
    public var stops: [GTFSStop] = []
    public var routes: [GTFSRoute] = []
    public var trips: [GTFSTrip] = []
    /// Per trip (same index as `trips`), its stop times sorted by stop_sequence; empty for unusable trips.
    public var stopTimes: [[GTFSStopTime]] = []
    public var calendars: [GTFSCalendar] = []
    public var calendarDates: [GTFSCalendarDate] = []
    public var transfers: [GTFSTransfer] = []
    public var frequencies: [GTFSFrequency] = []
    public var report = GTFSValidationReport()
    /// The number of stop_times.txt rows read (before any were rejected).
    public var stopTimeRowCount = 0

    var stopIndex: [String: Int] = [:]
    var tripIndex: [String: Int] = [:]

    public init(fileName: String) { self.fileName = fileName }

    public func stop(id: String) -> Int? { stopIndex[id] }
    public func trip(id: String) -> Int? { tripIndex[id] }
}
