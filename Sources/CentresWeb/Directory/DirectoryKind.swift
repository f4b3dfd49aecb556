import CentresCore

/// Choices the edit forms offer, read from the database once per page.
struct EditOptions: Sendable {
    var venues: [(value: String, label: String)]
    var services: [(value: String, label: String)]
    var categories: [(value: String, label: String)]
    var districts: [(value: String, label: String)]
}

/// The four kinds of directory record staff edit, each with its table and form.
enum DirectoryKind: String, CaseIterable, Sendable {
    case centre, venue, service, session

    var table: String { rawValue + "s" }
    var title: String { rawValue.capitalizedFirst }
    var plural: String { table.capitalizedFirst }

    /// The column a new record's id is made from.
    var nameColumn: String {
        switch self {
        case .session: "service_id"
        default: "name"
        }
    }

    static let closure: [EditField] = [
        EditField(
            column: "temporarily_closed", label: "Temporarily closed", input: .checkbox,
            hint: "Shown on the public pages; watchers are told."),
        EditField(
            column: "closure_note", label: "Closure note", input: .text,
            hint: "Why, and until when if known: shown to the public."),
    ]

    /// When the public directory lists the record (a centre opening next month, a summer session).
    static let listing: [EditField] = [
        EditField(
            column: "visible_from", label: "Listed from", input: .date, hint: "Hidden from the public directory before this day"
        ),
        EditField(
            column: "visible_to", label: "Listed until", input: .date, hint: "Hidden from the public directory after this day"),
    ]

    static func enumOptions<E: RawRepresentable & CaseIterable>(_: E.Type, label: (E) -> String) -> [(
        value: String, label: String
    )] where E.RawValue == String {
        E.allCases.map { ($0.rawValue, label($0)) }
    }

    func fields(_ o: EditOptions) -> [EditField] {
        switch self {
        case .centre:
            [
                EditField(column: "name", label: "Name", input: .text, required: true),
                EditField(
                    column: "venue_id", label: "Venue", input: .select(o.venues), required: true,
                    hint: "Changing it moves the centre; watchers are told."),
                EditField(column: "provider", label: "Provider", input: .text),
                EditField(
                    column: "confidence", label: "Confidence in this record",
                    input: .select(Self.enumOptions(Confidence.self) { $0.rawValue }), required: true),
                EditField(column: "notes", label: "Notes", input: .textarea),
            ] + Self.listing + Self.closure
        case .venue:
            [
                EditField(column: "name", label: "Name", input: .text, required: true),
                EditField(
                    column: "kind", label: "Kind of building", input: .select(Self.enumOptions(VenueKind.self) { $0.label }),
                    required: true),
                EditField(column: "address", label: "Address", input: .textarea),
                EditField(column: "postcode", label: "Postcode", input: .text),
                EditField(
                    column: "location_quality", label: "Location quality",
                    input: .select(Self.enumOptions(LocationQuality.self) { $0.label }), required: true,
                    hint:
                        "With 'exact' or 'approximate' and no coordinates, the postcode's point is used. 'Unknown' keeps the venue off the map and out of distances."
                ),
                EditField(column: "lat", label: "Latitude", input: .decimal, hint: "WGS84 degrees, e.g. 52.6309"),
                EditField(column: "lon", label: "Longitude", input: .decimal, hint: "WGS84 degrees, e.g. 1.2974"),
                EditField(
                    column: "location_method", label: "How the point was found", input: .textarea,
                    hint: "Needed when you type coordinates: a survey, a map, the building's postcode…"),
                EditField(column: "accessibility", label: "Accessibility", input: .textarea),
                EditField(column: "opening_hours", label: "Opening hours", input: .text),
            ] + Self.listing + Self.closure
        case .service:
            [
                EditField(column: "name", label: "Name", input: .text, required: true),
                EditField(column: "category", label: "Category", input: .select(o.categories), required: true),
                EditField(column: "description", label: "Description", input: .textarea),
                EditField(column: "min_age_months", label: "Youngest age (months)", input: .integer),
                EditField(column: "max_age_months", label: "Oldest age (months)", input: .integer),
                EditField(column: "cost", label: "Cost", input: .text, hint: "e.g. Free, or £2 per family"),
            ] + Self.listing
        case .session:
            [
                EditField(column: "service_id", label: "Service", input: .select(o.services), required: true),
                EditField(
                    column: "venue_id", label: "Venue", input: .select(o.venues), required: true,
                    hint: "Changing it moves the session; watchers are told."),
                EditField(
                    column: "recurrence", label: "How often",
                    input: .select(Self.enumOptions(Recurrence.self) { $0.rawValue.capitalizedFirst }), required: true),
                EditField(
                    column: "day_of_week", label: "Day of the week",
                    input: .select(Self.enumOptions(Weekday.self) { $0.label }),
                    hint: "For weekly, fortnightly and monthly sessions"),
                EditField(column: "session_date", label: "Date", input: .date, hint: "For a session held once"),
                EditField(column: "start_time", label: "Starts", input: .time, required: true),
                EditField(column: "end_time", label: "Ends", input: .time, required: true),
                EditField(column: "valid_from", label: "Runs from", input: .date),
                EditField(column: "valid_to", label: "Runs until", input: .date),
                EditField(column: "note", label: "Note", input: .textarea, hint: "Booking, what to bring…"),
            ] + Self.listing + Self.closure
        }
    }

    /// Columns whose change watchers are told about: moving, changing time, closing.
    var noticeColumns: Set<String> {
        switch self {
        case .centre: ["venue_id", "temporarily_closed", "retired_on"]
        case .session:
            [
                "venue_id", "recurrence", "day_of_week", "session_date", "start_time", "end_time", "valid_to",
                "temporarily_closed", "retired_on",
            ]
        case .venue: ["temporarily_closed", "retired_on", "opening_hours"]
        case .service: []
        }
    }
}
