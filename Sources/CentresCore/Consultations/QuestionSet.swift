import Foundation

/// The checks a consultation's questions pass before it can open, each problem said so that a
/// manager can mend it: ids that name form fields, options to choose from, and conditions that
/// point back to an earlier question and one of its answers.
public enum QuestionSet {
    /// - Complexity: O(*q* + *o*) in the questions and their options.
    public static func problems(_ questions: [ConsultationQuestion]) -> [String] {
        var problems: [String] = []
        var earlier: [String: ConsultationQuestion] = [:]
        for (i, q) in questions.enumerated() {
            let name = "question \(i + 1)"
            if q.id.range(of: #"^[a-z0-9][a-z0-9-]{0,39}$"#, options: .regularExpression) == nil {
                problems.append("\(name): the id '\(q.id)' must be 1 to 40 lower-case letters, digits and hyphens")
            }
            if earlier[q.id] != nil { problems.append("\(name): the id '\(q.id)' is used twice") }
            if q.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append("\(name) has no text") }
            switch q.kind {
            case .singleChoice(let o, _), .multipleChoice(let o, _), .centre(let o):
                problems += optionProblems(o, name, least: 1)
            case .ranking(let o): problems += optionProblems(o, name, least: 2)
            case .matrix(let rows): problems += optionProblems(rows, name, least: 1)
            case .shortText, .longText, .agreement, .postcode, .respondentType: break
            }
            if let c = q.showIf {
                if let target = earlier[c.questionID] {
                    if !target.options.contains(where: { $0.value == c.value }) {
                        problems.append("\(name) is shown when '\(c.questionID)' is '\(c.value)', which it does not offer")
                    }
                } else {
                    problems.append("\(name) depends on '\(c.questionID)', which is not an earlier question")
                }
            }
            earlier[q.id] = q
        }
        return problems
    }

    private static func optionProblems(_ options: [ConsultationQuestion.Option], _ name: String, least: Int) -> [String] {
        var problems: [String] = []
        if options.count < least { problems.append("\(name) needs at least \(least) option\(least == 1 ? "" : "s")") }
        var seen: Set<String> = []
        for o in options {
            if o.value.range(of: #"^[a-z0-9][a-z0-9-]{0,39}$"#, options: .regularExpression) == nil {
                problems.append("\(name): the option value '\(o.value)' must be lower-case letters, digits and hyphens")
            }
            if o.value == ConsultationForm.otherValue { problems.append("\(name): 'other' is added by the question itself") }
            if !seen.insert(o.value).inserted { problems.append("\(name): the option '\(o.value)' is listed twice") }
            if o.label.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(name): an option has no label") }
        }
        return problems
    }
}
