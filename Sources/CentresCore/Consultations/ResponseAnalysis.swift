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

/// Results split by a property of the respondent (respondent type, district, deprivation
/// decile, channel): each group counted as `QuestionResults.tally` counts the whole.
public enum GroupedResults {
    public struct Group: Sendable, Equatable {
        public var key: String
        public var label: String
        public var result: QuestionResults.Result
    }

    /// One group per entry of `groups` (in that order, empty ones included so tables line up),
    /// then "Not known" for answers whose group is nil, if there are any.
    /// - Complexity: O(*r* + *g*·*o*) in the answers, groups and options.
    public static func split(
        _ q: ConsultationQuestion, _ answers: [(group: String?, answer: ConsultationAnswer?)],
        groups: [(key: String, label: String)]
    ) -> [Group] {
        var byKey: [String?: [ConsultationAnswer?]] = [:]
        for a in answers { byKey[a.group, default: []].append(a.answer) }
        var out = groups.map { Group(key: $0.key, label: $0.label, result: QuestionResults.tally(q, byKey[$0.key] ?? [])) }
        let known = Set(groups.map(\.key))
        let unknown = answers.filter { $0.group.map { !known.contains($0) } ?? true }.map(\.answer)
        if !unknown.isEmpty { out.append(Group(key: "", label: "Not known", result: QuestionResults.tally(q, unknown))) }
        return out
    }
}

/// Responses per 1,000 children under five: how strongly an area answered, for its size.
public enum ResponseRate {
    /// Nil when the area has no under-fives recorded (a rate would be meaningless).
    public static func perThousand(responses: Int, underFives: Int) -> Double? {
        underFives > 0 ? Double(responses) * 1_000 / Double(underFives) : nil
    }
}

/// How far the coding of one free-text question has got, and what its themes add up to.
public struct CodingProgress: Sendable, Equatable {
    /// Responses that answered the question in their own words.
    public var answered: Int
    /// Of those, how many carry at least one code.
    public var coded: Int
    /// Each code's count of answers, largest first, then by label.
    public var themes: [(label: String, count: Int)]

    public var percentCoded: Double? { answered == 0 ? nil : Double(coded) * 100 / Double(answered) }

    /// - Parameters:
    ///   - answered: the ids of responses that answered.
    ///   - tags: (response id, code label) pairs; tags of responses that did not answer are ignored.
    /// - Complexity: O(*t* log *t*) in the tags.
    public init(answered: Set<Int>, tags: [(response: Int, code: String)]) {
        let kept = tags.filter { answered.contains($0.response) }
        self.answered = answered.count
        coded = Set(kept.map(\.response)).count
        var counts: [String: Set<Int>] = [:]
        for t in kept { counts[t.code, default: []].insert(t.response) }
        themes = counts.map { ($0.key, $0.value.count) }.sorted { ($1.count, $0.label) < ($0.count, $1.label) }
    }

    public static func == (a: CodingProgress, b: CodingProgress) -> Bool {
        a.answered == b.answered && a.coded == b.coded && a.themes.map(\.label) == b.themes.map(\.label)
            && a.themes.map(\.count) == b.themes.map(\.count)
    }
}
