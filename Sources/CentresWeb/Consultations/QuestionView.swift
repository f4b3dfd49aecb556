import CentresCore

/// One question as a form shows it (online, in staff entry, in the preview and on paper), with
/// what was entered so far and its problems. The template picks the control by the flags.
struct QuestionView: Encodable {
    struct Choice: Encodable { var id: String, value: String, label: String, checked: Bool }
    struct Rank: Encodable { var id: String, label: String, value: String }
    struct Row: Encodable { var id: String, label: String, choices: [Choice] }

    var number: Int
    var field: String
    var text: String
    var help: String?
    var required: Bool
    /// "Answer only if …", said in words: without JavaScript every question is shown.
    var condition: String?
    var error: String?
    var isText = false, isTextarea = false, isPostcode = false, isRadio = false, isCheckboxes = false
    var isRanking = false, isMatrix = false
    var value = ""
    var limit = 0
    var choices: [Choice] = []
    var otherField: String?
    var otherValue = ""
    var ranks: [Rank] = []
    var rankMax = 0
    var rows: [Row] = []
    var scale: [String] = AgreementScale.allCases.map(\.label)

    init(
        _ q: ConsultationQuestion, number: Int, in questions: [ConsultationQuestion], fields: [String: [String]],
        problems: [ConsultationForm.Problem]
    ) {
        let field = ConsultationForm.field(q)
        (self.number, self.field, text, help, required) = (number, field, q.text, q.help, q.required)
        let mine = problems.filter { ConsultationForm.owner(of: $0.field, in: questions)?.id == q.id }
            .map { $0.message.asSentence }
        error = mine.isEmpty ? nil : mine.joined(separator: " ")
        condition = Self.condition(q, in: questions)
        func first(_ name: String) -> String { fields[name]?.first ?? "" }
        value = first(field)
        let chosen = Set(fields[field] ?? [])
        func choice(_ o: ConsultationQuestion.Option, _ name: String = field, _ picked: Set<String>) -> Choice {
            Choice(id: "\(name)-\(o.value)", value: o.value, label: o.label, checked: picked.contains(o.value))
        }
        switch q.kind {
        case .shortText: (isText, limit) = (true, ConsultationQuestion.shortLimit)
        case .longText: (isTextarea, limit) = (true, ConsultationQuestion.longLimit)
        case .postcode: isPostcode = true
        case .singleChoice(_, let other), .multipleChoice(_, let other):
            if case .multipleChoice = q.kind { isCheckboxes = true } else { isRadio = true }
            choices = q.options.map { choice($0, field, chosen) }
            if other {
                choices.append(choice(.init(ConsultationForm.otherValue, "Other"), field, chosen))
                otherField = ConsultationForm.field(q, "other")
                otherValue = first(ConsultationForm.field(q, "other"))
            }
        case .agreement, .respondentType, .centre:
            isRadio = true
            choices = q.options.map { choice($0, field, chosen) }
        case .ranking(let options):
            (isRanking, rankMax) = (true, options.count)
            ranks = options.map {
                let name = ConsultationForm.field(q, "rank-" + $0.value)
                return Rank(id: name, label: $0.label, value: first(name))
            }
        case .matrix(let rows):
            isMatrix = true
            self.rows = rows.map { r in
                let name = ConsultationForm.field(q, "row-" + r.value)
                return Row(
                    id: name, label: r.label,
                    choices: AgreementScale.allCases.map { choice(.init($0.rawValue, $0.label), name, [first(name)]) })
            }
        }
    }

    /// A condition in words: without JavaScript every question is shown, so it says when to answer.
    static func condition(_ q: ConsultationQuestion, in questions: [ConsultationQuestion]) -> String? {
        guard let c = q.showIf, let i = questions.firstIndex(where: { $0.id == c.questionID }) else { return nil }
        let label = questions[i].options.first { $0.value == c.value }?.label ?? c.value
        return "Answer this only if you answered '\(label)' to question \(i + 1)."
    }

    static func all(_ questions: [ConsultationQuestion], fields: [String: [String]], problems: [ConsultationForm.Problem])
        -> [QuestionView]
    {
        questions.enumerated().map { QuestionView($1, number: $0 + 1, in: questions, fields: fields, problems: problems) }
    }
}
