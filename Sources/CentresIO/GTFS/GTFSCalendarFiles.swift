import CentresCore
import Foundation

extension GTFSFeed {
    static let weekdayColumns = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    mutating func readCalendars(_ files: [String: Data], _ report: inout GTFSValidationReport) {
        if files["calendar.txt"] == nil && files["calendar_dates.txt"] == nil {
            report.error("calendar.txt", "neither calendar.txt nor calendar_dates.txt is present")
        }
        let calendarColumns = ["service_id"] + GTFSFeed.weekdayColumns + ["start_date", "end_date"]
        if let t = GTFSTable.load("calendar.txt", from: files, isRequired: false, columns: calendarColumns, report: &report) {
            rows: for row in t.table.rows {
                guard let service = t.value(row, "service_id") else {
                    report.error(t.file, line: row.line, column: "service_id", "a value is required")
                    continue
                }
                var days: [Bool] = []
                for day in GTFSFeed.weekdayColumns {
                    let v = t.value(row, day)
                    guard v == "0" || v == "1" else {
                        report.error(t.file, line: row.line, column: day, "expected 0 or 1, found '\(v ?? "")'")
                        continue rows
                    }
                    days.append(v == "1")
                }
                guard let start = date(t, row, "start_date", &report), let end = date(t, row, "end_date", &report) else {
                    continue
                }
                calendars.append(GTFSCalendar(serviceId: service, weekdays: days, startDate: start, endDate: end))
            }
        }
        let dateColumns = ["service_id", "date", "exception_type"]
        if let t = GTFSTable.load("calendar_dates.txt", from: files, isRequired: false, columns: dateColumns, report: &report) {
            for row in t.table.rows {
                guard let service = t.value(row, "service_id"), let d = date(t, row, "date", &report) else { continue }
                guard let type = t.value(row, "exception_type").flatMap({ Int($0) }), type == 1 || type == 2 else {
                    report.error(t.file, line: row.line, column: "exception_type", "expected 1 or 2")
                    continue
                }
                calendarDates.append(GTFSCalendarDate(serviceId: service, date: d, exceptionType: type))
            }
        }
        let known = Set(calendars.map(\.serviceId)).union(calendarDates.map(\.serviceId))
        var reported = Set<String>()
        for trip in trips where !known.contains(trip.serviceId) && reported.insert(trip.serviceId).inserted {
            report.error("trips.txt", column: "service_id", "unknown service id '\(trip.serviceId)' (its trips never run)")
        }
    }

    func date(_ t: GTFSTable, _ row: CSVRow, _ column: String, _ report: inout GTFSValidationReport) -> SimpleDate? {
        guard let v = t.value(row, column), let d = GTFSParse.date(v) else {
            let found = t.value(row, column) ?? ""
            report.error(t.file, line: row.line, column: column, "expected a date YYYYMMDD, found '\(found)'")
            return nil
        }
        return d
    }

    mutating func readTransfers(_ files: [String: Data], _ report: inout GTFSValidationReport) {
        let columns = ["from_stop_id", "to_stop_id", "transfer_type"]
        guard let t = GTFSTable.load("transfers.txt", from: files, isRequired: false, columns: columns, report: &report)
        else { return }
        for row in t.table.rows {
            var ends: [Int] = []
            for column in ["from_stop_id", "to_stop_id"] {
                // Transfers between routes or trips only (from_stop_id empty) are not modelled.
                guard let id = t.value(row, column), let s = stopIndex[id] else {
                    report.error(t.file, line: row.line, column: column, "unknown stop id '\(t.value(row, column) ?? "")'")
                    break
                }
                ends.append(s)
            }
            guard ends.count == 2 else { continue }
            let type = t.value(row, "transfer_type").flatMap { Int($0) } ?? 0
            let minTime = t.value(row, "min_transfer_time").flatMap { Int($0) }
            transfers.append(GTFSTransfer(fromStop: ends[0], toStop: ends[1], type: type, minTransferTime: minTime))
        }
    }

    mutating func readFrequencies(_ files: [String: Data], _ report: inout GTFSValidationReport) {
        let columns = ["trip_id", "start_time", "end_time", "headway_secs"]
        guard let t = GTFSTable.load("frequencies.txt", from: files, isRequired: false, columns: columns, report: &report)
        else { return }
        for row in t.table.rows {
            guard let id = t.value(row, "trip_id"), let trip = tripIndex[id] else {
                report.error(t.file, line: row.line, column: "trip_id", "unknown trip id '\(t.value(row, "trip_id") ?? "")'")
                continue
            }
            guard let start = t.value(row, "start_time").flatMap(GTFSParse.time),
                let end = t.value(row, "end_time").flatMap(GTFSParse.time)
            else {
                report.error(t.file, line: row.line, column: "start_time", "malformed start_time or end_time")
                continue
            }
            guard let headway = t.value(row, "headway_secs").flatMap({ Int($0) }), (1...86_400).contains(headway),
                end >= start
            else {
                report.error(t.file, line: row.line, column: "headway_secs", "needs a headway of 1 s to 1 day and end ≥ start")
                continue
            }
            let exact = t.value(row, "exact_times") == "1"
            frequencies.append(
                GTFSFrequency(trip: trip, startTime: start, endTime: end, headwaySeconds: headway, exactTimes: exact))
        }
    }
}
