import CentresCore

extension SimpleDate {
    /// ISO weekday index, Monday = 0 … Sunday = 6 (the column order of calendar.txt).
    /// Days are counted from 1970-01-01, a Thursday, with H. Hinnant's days-from-civil algorithm.
    var gtfsWeekday: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return ((days % 7) + 7 + 3) % 7
    }

    var gtfsWeekdayName: String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][gtfsWeekday]
    }
}

extension GTFSFeed {
    /// Service ids running on `date`: calendar.txt (weekday within start…end date) plus calendar_dates.txt
    /// additions (exception_type 1), minus its removals (2).
    /// - Complexity: O(calendars + calendar dates).
    public func activeServices(on date: SimpleDate) -> Set<String> {
        let weekday = date.gtfsWeekday
        var active = Set<String>()
        for c in calendars where c.startDate <= date && date <= c.endDate && c.weekdays[weekday] {
            active.insert(c.serviceId)
        }
        for d in calendarDates where d.date == date {
            if d.exceptionType == 1 { active.insert(d.serviceId) } else { active.remove(d.serviceId) }
        }
        return active
    }

    /// The span of dates the calendar files mention, for error messages.
    var calendarSpan: (SimpleDate, SimpleDate)? {
        let dates = calendars.flatMap { [$0.startDate, $0.endDate] } + calendarDates.map(\.date)
        guard let lo = dates.min(), let hi = dates.max() else { return nil }
        return (lo, hi)
    }

    /// The feed's report, plus an error when nothing runs on `date` (when given).
    public func validationReport(on date: SimpleDate? = nil) -> GTFSValidationReport {
        var r = report
        if let date, let message = noServiceMessage(on: date) { r.error("calendar.txt", message) }
        return r
    }

    func noServiceMessage(on date: SimpleDate) -> String? {
        let services = activeServices(on: date)
        if services.isEmpty {
            let span = calendarSpan.map { " (the calendar covers \($0.0) to \($0.1))" } ?? ""
            return "no service runs on \(date) (\(date.gtfsWeekdayName))\(span)"
        }
        if !trips.indices.contains(where: { services.contains(trips[$0].serviceId) && !stopTimes[$0].isEmpty }) {
            return "services run on \(date) (\(date.gtfsWeekdayName)) but none of their trips has usable stop times"
        }
        return nil
    }
}
