import Foundation

/// A question as a manager edits it in a plain HTML form (no JavaScript): the type by name,
/// options one per line, and a condition chosen as "question = answer". Values of options are
/// made from their labels, so the manager never types an identifier.
public struct QuestionDraft: Sendable, Equatable {
    public var text: String
    public var help: String
    public var kind: String
    /// One option (or matrix row) per line.
    public var options: String
    public var allowsOther: Bool
    public var required: Bool
    /// "" or "{questionID}={value}".
    public var showIf: String

    public init(
        text: String, help: String = "", kind: String, options: String = "", allowsOther: Bool = false, required: Bool = false,
        showIf: String = ""
    ) {
        (self.text, self.help, self.kind, self.options) = (text, help, kind, options)
        (self.allowsOther, self.required, self.showIf) = (allowsOther, required, showIf)
    }

    /// The question types by the names the form uses, in the order it offers them.
    public static let kinds: [(name: String, label: String)] = [
        ("short-text", "Short text (one line)"), ("long-text", "Long text"), ("single-choice", "Single choice"),
        ("multiple-choice", "Multiple choice"), ("agreement", "Agree / disagree scale"), ("ranking", "Ranking"),
        ("postcode", "Postcode"), ("centre", "Which centre do you use"), ("matrix", "Matrix of agree / disagree scales"),
        ("respondent-type", "Respondent type (parent or carer, staff, provider …)"),
    ]

    public init(_ q: ConsultationQuestion) {
        let name: String
        var lines: [String] = []
        var other = false
        switch q.kind {
        case .shortText: name = "short-text"
        case .longText: name = "long-text"
        case .singleChoice(let o, let x): (name, lines, other) = ("single-choice", o.map(\.label), x)
        case .multipleChoice(let o, let x): (name, lines, other) = ("multiple-choice", o.map(\.label), x)
        case .agreement: name = "agreement"
        case .ranking(let o): (name, lines) = ("ranking", o.map(\.label))
        case .postcode: name = "postcode"
        case .centre: name = "centre"
        case .matrix(let rows): (name, lines) = ("matrix", rows.map(\.label))
        case .respondentType: name = "respondent-type"
        }
        self.init(
            text: q.text, help: q.help ?? "", kind: name, options: lines.joined(separator: "\n"), allowsOther: other,
            required: q.required, showIf: q.showIf.map { "\($0.questionID)=\($0.value)" } ?? "")
    }

    /// An option's value from its label: lower-case letters and digits joined by hyphens, at
    /// most 40 characters, made unique among `taken` with a number.
    public static func value(for label: String, taken: Set<String>) -> String {
        let words = label.lowercased().folding(options: .diacriticInsensitive, locale: nil)
            .split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
        var base = String(words.joined(separator: "-").prefix(36))
        while base.hasSuffix("-") { base.removeLast() }
        if base.isEmpty || base == ConsultationForm.otherValue { base = "option" }
        var v = base, n = 2
        while taken.contains(v) {
            v = "\(base)-\(n)"
            n += 1
        }
        return v
    }

    /// The question this draft makes with `id`; "which centre" questions list `centres`. Options
    /// keep their earlier values where the label is unchanged, so editing one label leaves the
    /// rest alone.
    /// - Complexity: O(*o*²) in the options, at most a few dozen.
    public func question(
        id: String, centres: [ConsultationQuestion.Option], keeping earlier: ConsultationQuestion? = nil
    ) -> Result<ConsultationQuestion, ConsultationForm.Problems> {
        var problems: [ConsultationForm.Problem] = []
        func problem(_ field: String, _ message: String) { problems.append(.init(field: field, message: message)) }
        let text = ConsultationForm.clean(self.text), help = ConsultationForm.clean(self.help)
        if text.isEmpty { problem("text", "Give the question's text.") }
        if text.count > 1_000 { problem("text", "Keep the question under 1,000 characters.") }
        if help.count > 2_000 { problem("help", "Keep the help under 2,000 characters.") }
        var labels: [String] = []
        for line in options.split(whereSeparator: \.isNewline) {
            let label = ConsultationForm.clean(String(line))
            if label.isEmpty { continue }
            if label.count > 200 { problem("options", "Keep each option under 200 characters.") }
            if labels.contains(label) { problem("options", "'\(label)' is listed twice.") }
            labels.append(label)
        }
        let previous = Dictionary((earlier?.options ?? []).map { ($0.label, $0.value) }, uniquingKeysWith: { a, _ in a })
        var taken: Set<String> = []
        let options = labels.map { label in
            let v = previous[label].flatMap { taken.contains($0) ? nil : $0 } ?? Self.value(for: label, taken: taken)
            taken.insert(v)
            return ConsultationQuestion.Option(v, label)
        }
        let kind: ConsultationQuestion.Kind
        switch self.kind {
        case "short-text": kind = .shortText
        case "long-text": kind = .longText
        case "single-choice": kind = .singleChoice(options: options, other: allowsOther)
        case "multiple-choice": kind = .multipleChoice(options: options, other: allowsOther)
        case "agreement": kind = .agreement
        case "ranking": kind = .ranking(options: options)
        case "postcode": kind = .postcode
        case "centre": kind = .centre(options: centres + [.init("none", "None of them")])
        case "matrix": kind = .matrix(rows: options)
        case "respondent-type": kind = .respondentType
        default:
            problem("kind", "Choose the type of question.")
            kind = .shortText
        }
        switch kind {
        case .singleChoice, .multipleChoice, .matrix:
            if options.isEmpty { problem("options", "List at least one option, one per line.") }
        case .ranking: if options.count < 2 { problem("options", "List at least two options to rank, one per line.") }
        default: break
        }
        var condition: ConsultationQuestion.Condition?
        if !showIf.isEmpty {
            let parts = showIf.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 {
                condition = .init(questionID: parts[0], value: parts[1])
            } else {
                problem("showIf", "Choose a condition from the list.")
            }
        }
        guard problems.isEmpty else { return .failure(.init(all: problems)) }
        return .success(
            ConsultationQuestion(
                id: id, text: text, help: help.isEmpty ? nil : help, kind: kind, required: required, showIf: condition))
    }
}

/// Changes to a consultation's list of questions, each keeping the list consistent: conditions
/// only point back to earlier questions, so a move or a removal that would break one is refused.
public enum QuestionList {
    /// The next free id: "q1", "q2", … (ids never reused while the list holds them).
    public static func nextID(_ questions: [ConsultationQuestion]) -> String {
        let used = Set(questions.map(\.id))
        var n = questions.count + 1
        while used.contains("q\(n)") { n += 1 }
        return "q\(n)"
    }

    /// The conditions a question may have: each earlier question that offers answers, with each answer.
    public static func conditionChoices(before index: Int, in questions: [ConsultationQuestion]) -> [(
        value: String, label: String
    )] {
        questions.prefix(index).enumerated().flatMap { i, q in
            q.options.map { ("\(q.id)=\($0.value)", "Question \(i + 1) is answered '\($0.label)'") }
        }
    }

    /// The list with `question` replacing the one with its id, or added at the end; refused if
    /// the list would then fail `QuestionSet`'s checks (a condition pointing at an option that
    /// was removed, say), so the stored list is always one that can open.
    public static func saving(_ questions: [ConsultationQuestion], _ question: ConsultationQuestion) -> Result<
        [ConsultationQuestion], ConsultationError
    > {
        var next = questions
        if let i = next.firstIndex(where: { $0.id == question.id }) { next[i] = question } else { next.append(question) }
        if let first = QuestionSet.problems(next).first { return .failure(.init(message: first)) }
        return .success(next)
    }

    public static func moving(_ questions: [ConsultationQuestion], id: String, by offset: Int) -> Result<
        [ConsultationQuestion], ConsultationError
    > {
        guard let i = questions.firstIndex(where: { $0.id == id }) else { return .failure(.init(message: "no such question")) }
        let j = i + offset
        guard questions.indices.contains(j) else { return .failure(.init(message: "it is already at that end")) }
        var next = questions
        next.swapAt(i, j)
        if let broken = brokenCondition(next) { return .failure(.init(message: broken)) }
        return .success(next)
    }

    public static func removing(_ questions: [ConsultationQuestion], id: String) -> Result<
        [ConsultationQuestion], ConsultationError
    > {
        if let dependent = questions.firstIndex(where: { $0.showIf?.questionID == id }) {
            return .failure(.init(message: "question \(dependent + 1) is shown depending on it: change that condition first"))
        }
        return .success(questions.filter { $0.id != id })
    }

    /// The first condition that does not point to an earlier question, said as a problem.
    static func brokenCondition(_ questions: [ConsultationQuestion]) -> String? {
        var seen: Set<String> = []
        for (i, q) in questions.enumerated() {
            if let c = q.showIf, !seen.contains(c.questionID) {
                return "question \(i + 1) would come before the question its condition depends on"
            }
            seen.insert(q.id)
        }
        return nil
    }
}
