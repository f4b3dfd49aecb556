import CentresCore
import Foundation

extension GTFSFeed {
    /// Loads a zipped feed from disk. Throws only when the archive itself cannot be read.
    public static func load(zipAt path: String) throws(InputError) -> GTFSFeed {
        try load(zip: ZipArchive(contentsOf: path))
    }

    /// Loads the GTFS files (`*.txt`, at the top level or in one folder) of an archive.
    public static func load(zip: ZipArchive) throws(InputError) -> GTFSFeed {
        var files: [String: Data] = [:]
        // Prefer the shallowest entry with a given file name (some feeds are zipped inside a folder).
        for entry in zip.entries.sorted(by: { $0.name.count < $1.name.count }) where !entry.isDirectory {
            let name = String(entry.name.split(separator: "/").last ?? "")
            guard name.hasSuffix(".txt"), files[name] == nil, GTFSFeed.knownFiles.contains(name) else { continue }
            files[name] = try zip.contents(of: entry)
        }
        return load(files: files, name: zip.file)
    }

    static let knownFiles: Set<String> = [
        "agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt", "calendar.txt",
        "calendar_dates.txt", "transfers.txt", "frequencies.txt", "feed_info.txt",
    ]

    /// Parses a feed from file contents keyed by file name (e.g. "stops.txt"). Never throws: every problem
    /// goes into `report`.
    /// - Complexity: O(total bytes + stop_times · log(stops per trip)).
    public static func load(files: [String: Data], name: String) -> GTFSFeed {
        var feed = GTFSFeed(fileName: name)
        var report = GTFSValidationReport()
        feed.readFeedInfo(files, &report)
        feed.readAgencies(files, &report)
        feed.readStops(files, &report)
        feed.readRoutes(files, &report)
        feed.readTrips(files, &report)
        feed.readStopTimes(files, &report)
        feed.readCalendars(files, &report)
        feed.readTransfers(files, &report)
        feed.readFrequencies(files, &report)
        feed.report = report
        return feed
    }

    mutating func readFeedInfo(_ files: [String: Data], _ report: inout GTFSValidationReport) {
        guard let t = GTFSTable.load("feed_info.txt", from: files, isRequired: false, columns: [], report: &report),
            let row = t.table.rows.first
        else { return }
        var info = GTFSFeedInfo(publisherName: t.value(row, "feed_publisher_name"), version: t.value(row, "feed_version"))
        for (column, keyPath) in [("feed_start_date", \GTFSFeedInfo.startDate), ("feed_end_date", \.endDate)] {
            guard let v = t.value(row, column) else { continue }
            if let d = GTFSParse.date(v) {
                info[keyPath: keyPath] = d
            } else {
                report.error(t.file, line: row.line, column: column, "expected a date YYYYMMDD, found '\(v)'")
            }
        }
        feedInfo = info
    }

    mutating func readAgencies(_ files: [String: Data], _ report: inout GTFSValidationReport) {
        guard
            let t = GTFSTable.load(
                "agency.txt", from: files, isRequired: true, columns: ["agency_name", "agency_timezone"], report: &report)
        else { return }
        for row in t.table.rows {
            guard let name = t.value(row, "agency_name"), let tz = t.value(row, "agency_timezone") else {
                report.error(t.file, line: row.line, "agency_name and agency_timezone are required")
                continue
            }
            agencies.append(GTFSAgency(id: t.value(row, "agency_id"), name: name, timezone: tz))
        }
    }

    mutating func readStops(_ files: [String: Data], _ report: inout GTFSValidationReport) {
        guard let t = GTFSTable.load("stops.txt", from: files, isRequired: true, columns: ["stop_id"], report: &report)
        else { return }
        let idC = t.column("stop_id"), latC = t.column("stop_lat"), lonC = t.column("stop_lon")
        for row in t.table.rows {
            guard let id = t.value(row, idC) else {
                report.error(t.file, line: row.line, column: "stop_id", "a value is required")
                continue
            }
            guard stopIndex[id] == nil else {
                report.error(t.file, line: row.line, column: "stop_id", "duplicate stop id '\(id)'")
                continue
            }
            var coordinate: Coordinate?
            if let la = t.value(row, latC), let lo = t.value(row, lonC) {
                if let a = Double(la), let o = Double(lo), Coordinate(lat: a, lon: o).isValid {
                    coordinate = Coordinate(lat: a, lon: o)
                } else {
                    report.error(t.file, line: row.line, column: "stop_lat", "'\(la), \(lo)' is not a valid position")
                }
            }
            let type = t.value(row, "location_type").flatMap { Int($0) } ?? 0
            if coordinate == nil && type <= 2 {
                report.error(t.file, line: row.line, column: "stop_lat", "stop '\(id)' has no position")
            }
            stopIndex[id] = stops.count
            stops.append(
                GTFSStop(
                    id: id, name: t.value(row, "stop_name") ?? id, coordinate: coordinate, locationType: type,
                    parentStation: t.value(row, "parent_station")))
        }
    }

    mutating func readRoutes(_ files: [String: Data], _ report: inout GTFSValidationReport) {
        guard
            let t = GTFSTable.load(
                "routes.txt", from: files, isRequired: true, columns: ["route_id", "route_type"], report: &report)
        else { return }
        var seen = Set<String>()
        for row in t.table.rows {
            guard let id = t.value(row, "route_id") else {
                report.error(t.file, line: row.line, column: "route_id", "a value is required")
                continue
            }
            guard seen.insert(id).inserted else {
                report.error(t.file, line: row.line, column: "route_id", "duplicate route id '\(id)'")
                continue
            }
            guard let type = t.value(row, "route_type").flatMap({ Int($0) }) else {
                report.error(t.file, line: row.line, column: "route_type", "a whole number is required")
                continue
            }
            routes.append(
                GTFSRoute(
                    id: id, agencyId: t.value(row, "agency_id"), shortName: t.value(row, "route_short_name"),
                    longName: t.value(row, "route_long_name"), type: type))
        }
    }

    mutating func readTrips(_ files: [String: Data], _ report: inout GTFSValidationReport) {
        guard
            let t = GTFSTable.load(
                "trips.txt", from: files, isRequired: true, columns: ["route_id", "service_id", "trip_id"], report: &report)
        else { return }
        let routeIds = Set(routes.map(\.id))
        for row in t.table.rows {
            guard let id = t.value(row, "trip_id"), let route = t.value(row, "route_id"),
                let service = t.value(row, "service_id")
            else {
                report.error(t.file, line: row.line, "trip_id, route_id and service_id are required")
                continue
            }
            guard tripIndex[id] == nil else {
                report.error(t.file, line: row.line, column: "trip_id", "duplicate trip id '\(id)'")
                continue
            }
            guard routeIds.contains(route) else {
                report.error(t.file, line: row.line, column: "route_id", "unknown route id '\(route)'")
                continue
            }
            tripIndex[id] = trips.count
            trips.append(GTFSTrip(id: id, routeId: route, serviceId: service, headsign: t.value(row, "trip_headsign")))
        }
        stopTimes = Array(repeating: [], count: trips.count)
    }
}
