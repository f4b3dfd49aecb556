import CentresCore
import Foundation

/// One question and its answer in words, for the receipt and the thank-you page.
struct ReceiptLine: Encodable, Sendable, Equatable {
    var number: Int
    var question: String
    var answer: String
}

/// The copy of a response sent to its author, said in the words the form used.
enum Receipt {
    static let kind = "consultation-receipt"

    /// An answer in words: option labels rather than values; "—" when not answered.
    static func text(_ q: ConsultationQuestion, _ a: ConsultationAnswer?) -> String {
        let labels = Dictionary(q.options.map { ($0.value, $0.label) }, uniquingKeysWith: { a, _ in a })
        func label(_ v: String) -> String { labels[v] ?? (v == ConsultationForm.otherValue ? "Other" : v) }
        switch a {
        case nil: return "—"
        case .text(let t), .postcode(let t): return t
        case .choice(let v, let other): return label(v) + (other.map { ": \($0)" } ?? "")
        case .choices(let vs, let other): return vs.map(label).joined(separator: "; ") + (other.map { ": \($0)" } ?? "")
        case .ranking(let vs): return vs.enumerated().map { "\($0 + 1). \(label($1))" }.joined(separator: "; ")
        case .matrix(let rows):
            guard case .matrix(let all) = q.kind else { return "" }
            return all.compactMap { r in
                rows[r.value].map { "\(r.label): \(AgreementScale(rawValue: $0)?.label ?? $0)" }
            }.joined(separator: "; ")
        }
    }

    static func lines(_ c: Consultation, _ answers: [String: ConsultationAnswer]) -> [ReceiptLine] {
        c.questions.enumerated().map { ReceiptLine(number: $0 + 1, question: $1.text, answer: text($1, answers[$1.id])) }
    }

    static func mail(_ c: Consultation, reference: Int, lines: [ReceiptLine], to email: String, base: String) -> OutgoingMail {
        let answers = lines.map { "\($0.number). \($0.question)\n   \($0.answer.replacingOccurrences(of: "\n", with: "\n   "))" }
            .joined(separator: "\n\n")
        return OutgoingMail(
            to: email, subject: "Your response to \(c.title) (number \(reference))",
            body: """
                Thank you for responding to the consultation "\(c.title)".

                Your response number is \(reference). It was received on \(SimpleDate.today().longText) and is recorded.
                The consultation closes on \(c.closesOn.longText). To add something, respond again or use one of these ways:
                \(c.otherChannels)

                A copy of your answers:

                \(answers)

                The consultation: \(base)\(SiteURL.consultation(c.id).path)
                This email address is not stored with your response; this copy was sent once.
                """)
    }
}
