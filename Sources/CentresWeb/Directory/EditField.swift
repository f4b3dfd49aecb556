import CentresCore

/// One field of a staff edit form, bound to one column. Values travel as text: the form's text,
/// the audit log's before and after, and the column's value all come from the same string.
struct EditField: Sendable {
    enum Input: Sendable {
        case text, textarea, date, time, integer, decimal, checkbox
        case select([(value: String, label: String)])
    }

    var column: String
    var label: String
    var input: Input
    var required = false
    var hint: String? = nil

    /// The submitted text in its one normal form (so "9:30" and "09:30" are not a change), or
    /// why it cannot be accepted.
    func normalise(_ raw: String?) -> Result<String, FieldError> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        func fail(_ m: String) -> Result<String, FieldError> { .failure(FieldError(field: column, message: "\(label): \(m)")) }
        if case .checkbox = input { return .success(text.isEmpty ? "" : "yes") }
        if text.isEmpty { return required ? fail("fill this in") : .success("") }
        if text.count > 4_000 { return fail("keep it under 4,000 characters") }
        if text.unicodeScalars.contains(where: {
            $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\r" && $0 != "\t"
        }) {
            return fail("contains control characters")
        }
        if case .text = input, OneLine.breaks(text) { return fail("keep it on one line") }
        switch input {
        case .text, .textarea, .checkbox: return .success(text)
        case .date:
            return SimpleDate(text).map { .success($0.description) } ?? fail("'\(text)' is not a date written YYYY-MM-DD")
        case .time:
            let padded = text.count == 4 && text.dropFirst().hasPrefix(":") ? "0" + text : text
            return TimeOfDay(padded).map { .success($0.description) } ?? fail("'\(text)' is not a time written HH:MM")
        case .integer:
            return Int(text).map { .success(String($0)) } ?? fail("'\(text)' is not a whole number")
        case .decimal:
            guard let d = Double(text), d.isFinite else { return fail("'\(text)' is not a number") }
            return .success(EditField.decimalText(d))
        case .select(let options):
            return options.contains { $0.value == text } ? .success(text) : fail("'\(text)' is not one of the choices")
        }
    }

    /// Six decimal places (about 10 cm), without trailing zeros.
    static func decimalText(_ d: Double) -> String {
        var s = String(format: "%.6f", d)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// The column's value for a normalised text: nil when empty.
    func databaseValue(_ text: String) -> (any Encodable & Sendable)? {
        if text.isEmpty { return nil }
        switch input {
        case .integer: return Int(text)
        case .decimal: return Double(text)
        case .checkbox: return true
        default: return text
        }
    }
}
