import CentresCore
import Foundation

extension SimpleDate {
    /// The calendar day in the UK at `now`: what "today" means to the people the directory serves.
    static func today(_ now: Date = Date()) -> SimpleDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return SimpleDate(year: c.year!, month: c.month!, day: c.day!)!
    }
}
