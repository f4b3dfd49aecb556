import Foundation

/// One person's keying of a paper form: what they read off it.
public struct Keying: Sendable, Equatable {
    public var receivedOn: SimpleDate
    public var quoteConsent: Bool
    public var answers: [String: ConsultationAnswer]

    public init(receivedOn: SimpleDate, quoteConsent: Bool, answers: [String: ConsultationAnswer]) {
        (self.receivedOn, self.quoteConsent, self.answers) = (receivedOn, quoteConsent, answers)
    }
}

/// Paper forms keyed twice by different people: where the two keyings differ, a person looks at
/// the form and says which is right, field by field, before it becomes a response.
public enum DoubleKeying {
    public static let receivedField = "received_on"
    public static let consentField = "quote_consent"

    /// The fields on which `a` and `b` differ: the date received, each question (in the form's
    /// order) and the consent to quote.
    /// - Complexity: O(*q*) in the questions.
    public static func differences(_ questions: [ConsultationQuestion], _ a: Keying, _ b: Keying) -> [String] {
        var out: [String] = []
        if a.receivedOn != b.receivedOn { out.append(receivedField) }
        out += questions.map(\.id).filter { a.answers[$0] != b.answers[$0] }
        if a.quoteConsent != b.quoteConsent { out.append(consentField) }
        return out
    }

    public enum Pick: String, Sendable { case first, second }

    /// The keying made of `a` and `b`, taking each differing field from the one `picks` names.
    /// Answers to questions the result no longer asks are dropped, and a required question left
    /// unanswered is refused, so a settled form reads as a form would.
    public static func settle(
        _ questions: [ConsultationQuestion], _ a: Keying, _ b: Keying, picks: [String: Pick]
    ) -> Result<Keying, ConsultationError> {
        var out = a
        for field in differences(questions, a, b) {
            guard let pick = picks[field] else {
                return .failure(.init(message: "say which keying is right for every difference"))
            }
            let from = pick == .first ? a : b
            switch field {
            case receivedField: out.receivedOn = from.receivedOn
            case consentField: out.quoteConsent = from.quoteConsent
            default: out.answers[field] = from.answers[field]
            }
        }
        var kept: [String: ConsultationAnswer] = [:]
        for (i, q) in questions.enumerated() where ConsultationForm.isAsked(q, given: kept) {
            if let answer = out.answers[q.id] {
                kept[q.id] = answer
            } else if q.required {
                return .failure(
                    .init(message: "question \(i + 1) is required once the other choices are made: check the form again"))
            }
        }
        out.answers = kept
        return .success(out)
    }
}
