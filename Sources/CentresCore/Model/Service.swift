/// A category in the service taxonomy (stay and play, baby weigh-in, …).
public struct ServiceCategory: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var description: String?

    public init(code: String, name: String, description: String? = nil) {
        self.code = code
        self.name = name
        self.description = description
    }
}

public struct Service: Hashable, Sendable, Codable {
    /// Staff upkeep (last checked, closures, retirement); nil for a record as the pack gave it.
    public var upkeep: Upkeep?
    public var id: String
    public var name: String
    public var category: String
    public var description: String?
    public var minAgeMonths: Int?
    public var maxAgeMonths: Int?
    public var cost: String?
    public var sourceID: String?

    public init(
        id: String, name: String, category: String, description: String? = nil,
        minAgeMonths: Int? = nil, maxAgeMonths: Int? = nil, cost: String? = nil, sourceID: String? = nil
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.description = description
        self.minAgeMonths = minAgeMonths
        self.maxAgeMonths = maxAgeMonths
        self.cost = cost
        self.sourceID = sourceID
    }
}

public enum Weekday: String, CaseIterable, Sendable, Codable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    public var label: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

public enum Recurrence: String, CaseIterable, Sendable, Codable {
    case weekly, fortnightly, monthly, once
}

/// A service at a venue on a recurring schedule or a single date.
public struct Session: Hashable, Sendable, Codable {
    /// Staff upkeep (last checked, closures, retirement); nil for a record as the pack gave it.
    public var upkeep: Upkeep?
    public var id: String
    public var serviceID: String
    public var venueID: String
    public var recurrence: Recurrence
    public var dayOfWeek: Weekday?
    public var startTime: TimeOfDay
    public var endTime: TimeOfDay
    public var validFrom: SimpleDate?
    public var validTo: SimpleDate?
    public var date: SimpleDate?
    public var note: String?
    public var sourceID: String?

    public init(
        id: String, serviceID: String, venueID: String, recurrence: Recurrence, dayOfWeek: Weekday?,
        startTime: TimeOfDay, endTime: TimeOfDay, validFrom: SimpleDate? = nil, validTo: SimpleDate? = nil,
        date: SimpleDate? = nil, note: String? = nil, sourceID: String? = nil
    ) {
        self.id = id
        self.serviceID = serviceID
        self.venueID = venueID
        self.recurrence = recurrence
        self.dayOfWeek = dayOfWeek
        self.startTime = startTime
        self.endTime = endTime
        self.validFrom = validFrom
        self.validTo = validTo
        self.date = date
        self.note = note
        self.sourceID = sourceID
    }

    /// Schedule rules; returns the offending field and why, or nil when the session is consistent.
    public func scheduleProblem() -> (field: String, message: String)? {
        if endTime <= startTime { return ("end_time", "must be after start_time \(startTime)") }
        switch recurrence {
        case .once:
            if date == nil { return ("date", "a session held once needs a date") }
        default:
            if dayOfWeek == nil { return ("day_of_week", "a \(recurrence.rawValue) session needs a day of the week") }
            if date != nil { return ("date", "only a session held once has a single date") }
        }
        if let f = validFrom, let t = validTo, t < f { return ("valid_to", "is before valid_from \(f)") }
        return nil
    }

    /// "Tuesdays 09:30–11:00", "Fortnightly on Mondays …", "12 March 2026, 10:00–11:00".
    public var scheduleText: String {
        let times = "\(startTime)–\(endTime)"
        switch recurrence {
        case .once: return "\(date?.longText ?? "date not known"), \(times)"
        case .weekly: return "\(dayOfWeek?.label ?? "")s \(times)"
        case .fortnightly: return "Fortnightly on \(dayOfWeek?.label ?? "")s \(times)"
        case .monthly: return "Monthly on a \(dayOfWeek?.label ?? "") \(times)"
        }
    }
}
