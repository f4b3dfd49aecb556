import CentresCore
import Foundation

/// The rules a record must meet beyond each field's own type, and the values the product fills
/// in itself (a venue's point from its postcode, its area and district from its point).
struct DirectoryRules {
    var postcode: @Sendable (Postcode) async throws -> PostcodeEntry?
    var area: @Sendable (Coordinate) async throws -> (code: String, district: String)?
    var box: BoundingBox?

    static let postcodeMethod = "The postcode's point from the ONS Postcode Directory (in the data pack), not the building's own"

    /// Checks `values` (already normalised field by field), completing derived ones; returns the problems.
    func check(_ kind: DirectoryKind, _ values: inout [String: String], before: [String: String]) async throws
        -> [FieldError]
    {
        let listing = Self.checkListing(values)
        switch kind {
        case .venue: return listing + (try await checkVenue(&values, before: before))
        case .service: return listing + Self.checkService(values)
        case .session: return listing + Self.checkSession(values)
        case .centre: return listing
        }
    }

    static func checkService(_ v: [String: String]) -> [FieldError] {
        var errors: [FieldError] = []
        let lo = Int(v["min_age_months"] ?? ""), hi = Int(v["max_age_months"] ?? "")
        for (column, value) in [("min_age_months", lo), ("max_age_months", hi)] {
            if let value, !(0...216).contains(value) {
                errors.append(FieldError(field: column, message: "Ages are in months from 0 to 216 (18 years)."))
            }
        }
        if let lo, let hi, hi < lo {
            errors.append(FieldError(field: "max_age_months", message: "The oldest age is below the youngest."))
        }
        return errors
    }

    static func checkSession(_ v: [String: String]) -> [FieldError] {
        var errors: [FieldError] = []
        func date(_ c: String) -> SimpleDate? { SimpleDate(v[c] ?? "") }
        if let recurrence = Recurrence(rawValue: v["recurrence"] ?? ""), let start = TimeOfDay(v["start_time"] ?? ""),
            let end = TimeOfDay(v["end_time"] ?? "")
        {
            let s = Session(
                id: "", serviceID: "", venueID: "", recurrence: recurrence, dayOfWeek: Weekday(rawValue: v["day_of_week"] ?? ""),
                startTime: start, endTime: end, validFrom: date("valid_from"), validTo: date("valid_to"),
                date: date("session_date"))
            if let p = s.scheduleProblem() {
                let column = p.field == "date" ? "session_date" : p.field
                let message = p.message.replacingOccurrences(of: "start_time", with: "the start")
                    .replacingOccurrences(of: "valid_from", with: "the first day it runs")
                errors.append(FieldError(field: column, message: message.asSentence))
            }
        }
        return errors
    }

    static func checkListing(_ v: [String: String]) -> [FieldError] {
        guard let f = SimpleDate(v["visible_from"] ?? ""), let t = SimpleDate(v["visible_to"] ?? ""), t < f else { return [] }
        return [FieldError(field: "visible_to", message: "Listed until is before listed from.")]
    }

    func checkVenue(_ v: inout [String: String], before: [String: String]) async throws -> [FieldError] {
        var errors: [FieldError] = []
        var code: Postcode?
        if let raw = v["postcode"], !raw.isEmpty {
            code = Postcode(raw)
            if let code {
                v["postcode"] = code.text
            } else {
                errors.append(FieldError(field: "postcode", message: "'\(raw)' is not a UK postcode."))
            }
        }
        let quality = LocationQuality(rawValue: v["location_quality"] ?? "") ?? .unknown
        let lat = Double(v["lat"] ?? ""), lon = Double(v["lon"] ?? "")
        if (lat == nil) != (lon == nil) {
            errors.append(FieldError(field: "lat", message: "Give both latitude and longitude, or neither."))
            return errors
        }
        var point = lat.flatMap { la in lon.map { Coordinate(lat: la, lon: $0) } }
        var fromPostcode = false
        if point == nil, quality != .unknown {
            if let code, let entry = try await postcode(code) {
                (point, fromPostcode) = (entry.location, true)
                v["lat"] = EditField.decimalText(entry.location.lat)
                v["lon"] = EditField.decimalText(entry.location.lon)
                v["location_method"] = Self.postcodeMethod
            } else {
                errors.append(
                    FieldError(
                        field: "lat",
                        message:
                            "Give coordinates, or a postcode the data pack knows, or choose 'Location unknown': a location is never guessed."
                    ))
                return errors
            }
        }
        if let e = Venue.checkLocation(point, quality: quality) {
            errors.append(FieldError(field: "location_quality", message: e.description.asSentence))
            return errors
        }
        guard let point else {
            v["area_code"] = ""
            return errors
        }
        if let box, !box.contains(point) {
            errors.append(
                FieldError(
                    field: "lat",
                    message:
                        "The point is outside the pack's area (latitude \(box.minLat)–\(box.maxLat), longitude \(box.minLon)–\(box.maxLon))."
                ))
        }
        let moved = v["lat"] != before["lat"] || v["lon"] != before["lon"]
        if moved, !fromPostcode, v["location_method"] == before["location_method"] || (v["location_method"] ?? "").isEmpty {
            errors.append(
                FieldError(field: "location_method", message: "Say how the new point was found (a survey, a map, the postcode…).")
            )
        }
        if moved || (before["area_code"] ?? "").isEmpty, let a = try await area(point) {
            v["area_code"] = a.code
            v["district_code"] = a.district
        }
        return errors
    }
}
