import Foundation

/// Something an analyst codes: a question answered in the respondent's own words, or the
/// "Other" text of a choice question. Its `id` names it in tags, quotes and addresses.
public struct CodingTarget: Sendable, Equatable {
    public var id: String
    public var number: Int
    public var question: ConsultationQuestion
    public var isOther: Bool

    public var label: String { isOther ? "\(question.text) (what 'Other' was)" : question.text }
    /// "Q3" or "Q3 other", as exports name it.
    public var shortName: String { "Q\(number)" + (isOther ? " other" : "") }

    /// The text this target codes in a response's answers, if it has one.
    public func text(in answers: [String: ConsultationAnswer]) -> String? {
        switch (answers[question.id], isOther) {
        case (.text(let t), false): t
        case (.choice(_, let other?), true), (.choices(_, let other?), true): other
        default: nil
        }
    }

    /// Every target of `questions`, in the form's order: each text question, and each choice
    /// question that offers "Other".
    public static func all(_ questions: [ConsultationQuestion]) -> [CodingTarget] {
        questions.enumerated().compactMap { i, q in
            switch q.kind {
            case .shortText, .longText: CodingTarget(id: q.id, number: i + 1, question: q, isOther: false)
            case .singleChoice(_, true), .multipleChoice(_, true):
                CodingTarget(id: q.id + "-other", number: i + 1, question: q, isOther: true)
            default: nil
            }
        }
    }
}
