import Foundation

extension GTFSFeed {
    /// Reads stop_times.txt, the largest file (62,485 rows in the HSL sample), with `CSVByteScanner`:
    /// times and numbers are read from the bytes, a trip_id is looked up only when it differs from the
    /// previous row's (feeds group rows by trip), and only stop_id needs a String per row.
    mutating func readStopTimes(_ files: [String: Data], _ report: inout GTFSValidationReport) {
        let file = "stop_times.txt"
        guard let data = files[file] else {
            report.error(file, "the required file is missing")
            return
        }
        var rows: [(trip: Int, time: GTFSStopTime)] = []
        var bad = Array(repeating: false, count: trips.count)
        var rowCount = 0
        let tripIndex = self.tripIndex, stopIndex = self.stopIndex
        var scanError: InputError?
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            do throws(InputError) {
                let scanner = CSVByteScanner(bytes: raw.bindMemory(to: UInt8.self), file: file)
                var columns: StopTimeColumns?
                var lastTrip: (field: CSVByteScanner.Field, index: Int?)?
                try scanner.scan { line, fields in
                    guard let c = columns else {
                        columns = StopTimeColumns(header: fields.map(scanner.string), report: &report)
                        if columns == nil { columns = StopTimeColumns.unusable }
                        return
                    }
                    guard !c.isUnusable else { return }
                    rowCount += 1
                    func fail(_ column: String?, _ message: String) {
                        report.error(file, line: line, column: column, message)
                    }
                    guard fields.count == c.count else {
                        fail(nil, "the row has \(fields.count) fields but the header has \(c.count)")
                        return
                    }
                    let tripField = scanner.trimmed(fields[c.trip])
                    let trip: Int?
                    if let last = lastTrip, scanner.equal(last.field, tripField) {
                        trip = last.index
                    } else {
                        trip = tripIndex[scanner.string(tripField)]
                        lastTrip = (tripField, trip)
                    }
                    guard let trip else {
                        fail("trip_id", "unknown trip id '\(scanner.string(tripField))'")
                        return
                    }
                    if let t = parseRow(scanner, fields, c, line: line, stopIndex: stopIndex, fail: fail) {
                        rows.append((trip, t))
                    } else {
                        bad[trip] = true
                    }
                }
                if columns == nil { report.error(file, line: 1, "the file is empty (a header row is required)") }
            } catch {
                scanError = error
            }
        }
        if let error = scanError {
            report.error(error.file, line: error.line, column: error.column, error.message)
            return
        }
        stopTimeRowCount = rowCount
        for r in rows { stopTimes[r.trip].append(r.time) }
        for trip in trips.indices {
            stopTimes[trip].sort { $0.sequence < $1.sequence }
            if bad[trip] || !checkTrip(trip, &report) { stopTimes[trip] = [] }
        }
    }

    private func parseRow(
        _ scanner: CSVByteScanner, _ fields: [CSVByteScanner.Field], _ c: StopTimeColumns, line: Int,
        stopIndex: [String: Int], fail: (String?, String) -> Void
    ) -> GTFSStopTime? {
        let stopId = scanner.string(fields[c.stop])
        guard let stop = stopIndex[stopId] else {
            fail("stop_id", "unknown stop id '\(stopId)'")
            return nil
        }
        guard let seq = scanner.int(fields[c.sequence]) else {
            fail("stop_sequence", "a non-negative whole number is required, found '\(scanner.string(fields[c.sequence]))'")
            return nil
        }
        let arrField = fields[c.arrival], depField = fields[c.departure]
        let hasArr = !scanner.isEmpty(arrField), hasDep = !scanner.isEmpty(depField)
        // Timepoints without times (to be interpolated) are allowed by GTFS but not supported here.
        guard hasArr || hasDep else {
            fail("arrival_time", "the stop has no time (interpolating untimed stops is not supported)")
            return nil
        }
        let arr = hasArr ? scanner.time(arrField) : nil, dep = hasDep ? scanner.time(depField) : nil
        if hasArr && arr == nil {
            fail("arrival_time", "malformed time '\(scanner.string(arrField))' (expected HH:MM:SS)")
            return nil
        }
        if hasDep && dep == nil {
            fail("departure_time", "malformed time '\(scanner.string(depField))' (expected HH:MM:SS)")
            return nil
        }
        let pickup = c.pickup.map { !scanner.isOne(fields[$0]) } ?? true
        let dropOff = c.dropOff.map { !scanner.isOne(fields[$0]) } ?? true
        return GTFSStopTime(
            stop: stop, sequence: seq, arrival: arr ?? dep!, departure: dep ?? arr!, pickup: pickup, dropOff: dropOff,
            line: line)
    }

    /// Sequence numbers must increase and times must never decrease along a trip.
    func checkTrip(_ trip: Int, _ report: inout GTFSValidationReport) -> Bool {
        let times = stopTimes[trip]
        let file = "stop_times.txt"
        // A trip needs two stops to carry anyone; HSL has 8 such one-stop trips. Keep them in the feed
        // (they count as trip instances) but `timetable(on:)` leaves them out.
        if times.count < 2 {
            if times.count == 1 {
                report.warning(
                    file, line: times[0].line,
                    "trip '\(trips[trip].id)' has 1 stop time(s); it cannot be ridden and is left out of timetables")
            }
            return true
        }
        for i in times.indices {
            let s = times[i]
            if s.departure < s.arrival {
                report.error(file, line: s.line, column: "departure_time", "departure is before arrival")
                return false
            }
            guard i > 0 else { continue }
            if s.sequence == times[i - 1].sequence {
                report.error(file, line: s.line, column: "stop_sequence", "stop_sequence \(s.sequence) is repeated")
                return false
            }
            if s.arrival < times[i - 1].departure {
                report.error(
                    file, line: s.line, column: "arrival_time",
                    "stop times decrease within trip '\(trips[trip].id)' (arrives before the previous departure)")
                return false
            }
        }
        return true
    }
}

/// Column positions in stop_times.txt.
struct StopTimeColumns {
    var count = 0, trip = 0, arrival = 0, departure = 0, stop = 0, sequence = 0
    var pickup: Int?, dropOff: Int?
    var isUnusable = false

    static let unusable = StopTimeColumns(isUnusable: true)

    init(isUnusable: Bool) { self.isUnusable = isUnusable }

    /// Nil (after reporting) when a required column is missing.
    init?(header: [String], report: inout GTFSValidationReport) {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        func find(_ name: String) -> Int? { names.firstIndex(of: name) }
        var missing = false
        for name in ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence"] where find(name) == nil {
            report.error("stop_times.txt", line: 1, column: name, "the required column is missing")
            missing = true
        }
        guard !missing else { return nil }
        count = names.count
        trip = find("trip_id")!
        arrival = find("arrival_time")!
        departure = find("departure_time")!
        stop = find("stop_id")!
        sequence = find("stop_sequence")!
        pickup = find("pickup_type")
        dropOff = find("drop_off_type")
    }
}
