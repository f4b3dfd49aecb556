import Foundation

/// Counting a question's answers: per option, never per combination, as a share of the people who
/// answered the question (so a multiple choice's shares add up to more than 100 %).
public enum QuestionResults {
    public struct Count: Sendable, Equatable {
        public var value: String
        public var label: String
        public var count: Int
        /// Of those who answered the question, 0–100; nil when nobody answered.
        public var percent: Double?
    }

    public struct Result: Sendable, Equatable {
        /// How many responses asked the question and answered it.
        public var answered: Int
        public var counts: [Count]
        /// Rankings: each option's mean place among those who ranked it (1 is first).
        public var meanPlaces: [String: Double]
    }

    /// - Complexity: O(*r* + *o*) in the answers and options.
    public static func tally(_ q: ConsultationQuestion, _ answers: [ConsultationAnswer?]) -> Result {
        var options = q.options
        switch q.kind {
        case .singleChoice(_, true), .multipleChoice(_, true): options.append(.init(ConsultationForm.otherValue, "Other"))
        case .matrix(let rows): options = rows
        default: break
        }
        var counts = Dictionary(uniqueKeysWithValues: options.map { ($0.value, 0) })
        var places: [String: (sum: Int, n: Int)] = [:]
        var answered = 0
        for a in answers.compactMap({ $0 }) {
            answered += 1
            switch a {
            case .choice(let v, _): counts[v, default: 0] += 1
            case .choices(let vs, _): for v in Set(vs) { counts[v, default: 0] += 1 }
            case .ranking(let vs):
                for (i, v) in vs.enumerated() {
                    counts[v, default: 0] += 1
                    places[v, default: (0, 0)].sum += i + 1
                    places[v, default: (0, 0)].n += 1
                }
            case .matrix(let rows): for (row, _) in rows { counts[row, default: 0] += 1 }
            case .text, .postcode: break
            }
        }
        return Result(
            answered: answered,
            counts: options.map { o in
                Count(
                    value: o.value, label: o.label, count: counts[o.value] ?? 0,
                    percent: answered == 0 ? nil : Double(counts[o.value] ?? 0) * 100 / Double(answered))
            },
            meanPlaces: places.mapValues { Double($0.sum) / Double($0.n) })
    }
}

/// Responses whose free text is the same once case, spacing and punctuation are set aside: a
/// campaign's template letter, or one person answering twice. Shown to analysts as groups, never
/// removed: a campaign's responses are real responses.
public enum IdenticalText {
    public struct Group: Sendable, Equatable {
        public var text: String
        /// Response ids, in the order given.
        public var responseIDs: [String]
    }

    /// The text as compared: lower case, letters, digits and single spaces; apostrophes dropped
    /// ("children's" and "childrens" are one spelling).
    public static func key(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "'" && $0 != "\u{2019}" }.map { $0.isLetter || $0.isNumber ? $0 : " " }).split(
            separator: " "
        ).joined(separator: " ")
    }

    /// Groups of at least `minimum` responses with the same text (ignoring texts under
    /// `shortest` characters once compared: "no" from many people is not a campaign), largest
    /// first, then by first appearance.
    /// - Complexity: O(*n* log *n*) in the responses.
    public static func groups(_ texts: [(responseID: String, text: String)], minimum: Int = 2, shortest: Int = 40) -> [Group] {
        var byKey: [String: (first: Int, text: String, ids: [String])] = [:]
        for (i, t) in texts.enumerated() {
            let k = key(t.text)
            guard k.count >= shortest else { continue }
            byKey[k, default: (i, t.text, [])].ids.append(t.responseID)
        }
        return byKey.values.filter { $0.ids.count >= minimum }
            .sorted { ($1.ids.count, $0.first) < ($0.ids.count, $1.first) }
            .map { Group(text: $0.text, responseIDs: $0.ids) }
    }
}
