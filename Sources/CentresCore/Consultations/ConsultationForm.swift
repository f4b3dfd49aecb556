import Foundation

/// A respondent's answer to one question.
public enum ConsultationAnswer: Sendable, Equatable, Codable {
    case text(String)
    /// An option's value, or `other` with the respondent's words.
    case choice(String, other: String?)
    /// The chosen options' values in the options' order; `other` as above.
    case choices([String], other: String?)
    /// Option values, most preferred first.
    case ranking([String])
    case postcode(String)
    /// A matrix's rows answered: row value → `AgreementScale` value.
    case matrix([String: String])
}

/// Reads a filled-in form against its questions, for every channel alike: which questions were
/// asked (conditions), what each answer is, and every problem by field, so the form can be shown
/// again with messages beside the fields. Field names: `q-{id}` (repeated for several choices),
/// `q-{id}-other`, `q-{id}-rank-{value}` (a place, 1…n) and `q-{id}-row-{value}`.
public enum ConsultationForm {
    public static let otherValue = "other"

    public struct Problem: Error, Sendable, Equatable {
        public var field: String
        public var message: String
        public init(field: String, message: String) { (self.field, self.message) = (field, message) }
    }

    public struct Problems: Error, Sendable, Equatable {
        public var all: [Problem]
    }

    public static func field(_ q: ConsultationQuestion, _ suffix: String? = nil) -> String {
        "q-\(q.id)" + (suffix.map { "-" + $0 } ?? "")
    }

    /// The only fields a form may send more than once: each multiple-choice question's boxes.
    /// Any other name sent twice is refused rather than one of its values quietly chosen.
    public static func repeatableFields(_ questions: [ConsultationQuestion]) -> Set<String> {
        Set(
            questions.compactMap {
                if case .multipleChoice = $0.kind { field($0) } else { nil }
            })
    }

    /// The question a form field belongs to: the one whose field name is the field or its longest
    /// prefix followed by "-" (so "q-uses-why" belongs to question "uses-why", not "uses").
    public static func owner(of field: String, in questions: [ConsultationQuestion]) -> ConsultationQuestion? {
        questions.filter { field == self.field($0) || field.hasPrefix(self.field($0) + "-") }
            .max { self.field($0).count < self.field($1).count }
    }

    /// Whether `q` is asked, given the answers so far: a question with a condition is asked
    /// when the question it names was asked and its answer is, or includes, the value.
    public static func isAsked(_ q: ConsultationQuestion, given answers: [String: ConsultationAnswer]) -> Bool {
        guard let c = q.showIf else { return true }
        switch answers[c.questionID] {
        case .choice(let v, _): return v == c.value
        case .choices(let vs, _): return vs.contains(c.value)
        case .text(let t): return t == c.value
        default: return false
        }
    }

    /// The answers to the questions asked (a question not asked has none, whatever was sent),
    /// or every problem.
    /// - Complexity: O(*q* + *f*) in the questions and the fields' total length.
    public static func read(_ questions: [ConsultationQuestion], fields: [String: [String]]) -> Result<
        [String: ConsultationAnswer], Problems
    > {
        var answers: [String: ConsultationAnswer] = [:]
        var problems: [Problem] = []
        for q in questions where isAsked(q, given: answers) {
            switch answer(q, fields) {
            case .success(let a?): answers[q.id] = a
            case .success(nil) where q.required: problems.append(Problem(field: field(q), message: "answer this question"))
            case .success(nil): break
            case .failure(let p): problems.append(p)
            }
        }
        return problems.isEmpty ? .success(answers) : .failure(Problems(all: problems))
    }

    /// Text as stored: control characters other than line breaks and tabs removed, ends trimmed.
    public static func clean(_ raw: String) -> String {
        String(
            String.UnicodeScalarView(
                raw.unicodeScalars.filter { s in
                    s.properties.generalCategory != .control || s == "\n" || s == "\t"
                })
        ).replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func answer(_ q: ConsultationQuestion, _ fields: [String: [String]]) -> Result<ConsultationAnswer?, Problem> {
        let name = field(q)
        let values = (fields[name] ?? []).map(clean).filter { !$0.isEmpty }
        func fail(_ message: String, _ f: String? = nil) -> Result<ConsultationAnswer?, Problem> {
            .failure(Problem(field: f ?? name, message: message))
        }
        func other(_ allowed: Bool, chosen: Bool) -> Result<String?, Problem> {
            let text = clean(fields[field(q, "other")]?.first ?? "")
            guard chosen else { return .success(nil) }
            guard allowed else { return .failure(Problem(field: name, message: "choose one of the options")) }
            if text.isEmpty { return .failure(Problem(field: field(q, "other"), message: "say what 'other' is")) }
            if text.count > ConsultationQuestion.shortLimit {
                return .failure(
                    Problem(field: field(q, "other"), message: "keep it under \(ConsultationQuestion.shortLimit) characters"))
            }
            return .success(text)
        }
        let offered = Set(q.options.map(\.value))
        switch q.kind {
        case .shortText, .longText:
            guard let text = values.first else { return .success(nil) }
            let limit = q.kind == .shortText ? ConsultationQuestion.shortLimit : ConsultationQuestion.longLimit
            if text.count > limit { return fail("keep the answer under \(limit.formatted()) characters") }
            return .success(.text(text))
        case .singleChoice, .centre:
            let allowsOther = if case .singleChoice(_, let o) = q.kind { o } else { false }
            guard let v = values.first else { return .success(nil) }
            if values.count > 1 { return fail("choose one answer") }
            let isOther = v == otherValue
            guard offered.contains(v) || isOther else { return fail("choose one of the options") }
            return other(allowsOther, chosen: isOther).map { .choice(v, other: $0) }
        case .agreement, .respondentType:
            guard let v = values.first else { return .success(nil) }
            guard values.count == 1, offered.contains(v) else { return fail("choose one of the options") }
            return .success(.choice(v, other: nil))
        case .multipleChoice(let options, let allowsOther):
            guard !values.isEmpty else { return .success(nil) }
            let chosen = Set(values)
            guard chosen.isSubset(of: offered.union([otherValue])) else { return fail("choose from the options") }
            let ordered = options.map(\.value).filter(chosen.contains) + (chosen.contains(otherValue) ? [otherValue] : [])
            return other(allowsOther, chosen: chosen.contains(otherValue)).map { .choices(ordered, other: $0) }
        case .ranking(let options):
            var places: [(place: Int, value: String)] = []
            for o in options {
                let raw = clean(fields[field(q, "rank-" + o.value)]?.first ?? "")
                if raw.isEmpty { continue }
                guard let place = Int(raw), (1...options.count).contains(place) else {
                    return fail("give a place from 1 to \(options.count)", field(q, "rank-" + o.value))
                }
                places.append((place, o.value))
            }
            if places.isEmpty { return .success(nil) }
            if q.required && places.count < options.count { return fail("give every option a place") }
            guard places.map(\.place).sorted() == Array(1...places.count) else {
                return fail("give each option you rank a different place, 1, 2, 3 and so on")
            }
            return .success(.ranking(places.sorted { $0.place < $1.place }.map(\.value)))
        case .postcode:
            guard let v = values.first else { return .success(nil) }
            guard let code = Postcode(v) else { return fail("'\(v)' is not a UK postcode") }
            return .success(.postcode(code.text))
        case .matrix(let rows):
            var answered: [String: String] = [:]
            let scale = Set(AgreementScale.allCases.map(\.rawValue))
            for r in rows {
                let v = clean(fields[field(q, "row-" + r.value)]?.first ?? "")
                if v.isEmpty { continue }
                guard scale.contains(v) else { return fail("choose one of the options", field(q, "row-" + r.value)) }
                answered[r.value] = v
            }
            if answered.isEmpty { return .success(nil) }
            if q.required && answered.count < rows.count { return fail("answer every row") }
            return .success(.matrix(answered))
        }
    }
}
