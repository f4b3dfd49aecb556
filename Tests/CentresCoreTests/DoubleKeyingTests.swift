import CentresTestSupport
import Foundation
import Testing

@testable import CentresCore

/// Two keyings of one paper form: where they differ, field by field, and the form settled from
/// the picks, reading as a form would (unasked answers dropped, required ones present).
@Suite struct DoubleKeyingTests {
    typealias Q = ConsultationQuestion
    static let yesNo = Q.Kind.singleChoice(options: [.init("yes", "Yes"), .init("no", "No")], other: false)
    static let questions: [Q] = [
        Q(id: "uses", text: "Use one?", kind: yesNo, required: true),
        Q(id: "which", text: "Which?", kind: .shortText, required: true, showIf: .init(questionID: "uses", value: "yes")),
        Q(id: "views", text: "Views", kind: .longText),
    ]
    static let day = SimpleDate("2026-11-20")!

    @Test func differencesAreListedInTheFormsOrder() {
        let a = Keying(
            receivedOn: Self.day, quoteConsent: false,
            answers: ["uses": .choice("yes", other: nil), "which": .text("Holt"), "views": .text("Keep it")])
        var b = a
        #expect(DoubleKeying.differences(Self.questions, a, b).isEmpty)
        b.answers["views"] = .text("Keep it!")
        b.quoteConsent = true
        b.receivedOn = SimpleDate("2026-11-21")!
        #expect(DoubleKeying.differences(Self.questions, a, b) == ["received_on", "views", "quote_consent"])
        b.answers["views"] = nil
        #expect(DoubleKeying.differences(Self.questions, a, b).contains("views"), "an answer against none is a difference")
    }

    @Test func settlingTakesEachPickAndReadsAsAForm() throws {
        let a = Keying(
            receivedOn: Self.day, quoteConsent: false,
            answers: ["uses": .choice("yes", other: nil), "which": .text("Holt"), "views": .text("Keep it")])
        let b = Keying(
            receivedOn: Self.day, quoteConsent: true,
            answers: ["uses": .choice("no", other: nil), "views": .text("Keep it open")])
        #expect(throws: ConsultationError.self) { try DoubleKeying.settle(Self.questions, a, b, picks: ["uses": .first]).get() }
        let mixed = try DoubleKeying.settle(
            Self.questions, a, b, picks: ["uses": .second, "which": .first, "views": .second, "quote_consent": .first]
        ).get()
        #expect(
            mixed.answers == ["uses": .choice("no", other: nil), "views": .text("Keep it open")], "'which' is not asked after no")
        #expect(!mixed.quoteConsent)
        let missing = DoubleKeying.settle(
            Self.questions, a, b, picks: ["uses": .first, "which": .second, "views": .first, "quote_consent": .first])
        #expect(throws: ConsultationError.self) { try missing.get() }
    }

    /// Random pairs: every pick "first" gives the first keying and every "second" the second.
    @Test func allFirstOrAllSecondGivesThatKeying() throws {
        var rng = SeededGenerator(seed: 8)
        for _ in 0..<300 {
            func keying() -> Keying {
                var answers: [String: ConsultationAnswer] = ["uses": .choice(Bool.random(using: &rng) ? "yes" : "no", other: nil)]
                if answers["uses"] == .choice("yes", other: nil) {
                    answers["which"] = .text(["Holt", "Cromer"].randomElement(using: &rng)!)
                }
                if Bool.random(using: &rng) { answers["views"] = .text(["a", "b", "c"].randomElement(using: &rng)!) }
                return Keying(
                    receivedOn: Self.day.adding(days: Int.random(in: 0...1, using: &rng))!,
                    quoteConsent: Bool.random(using: &rng), answers: answers)
            }
            let (a, b) = (keying(), keying())
            let fields = DoubleKeying.differences(Self.questions, a, b)
            for (pick, expected) in [(DoubleKeying.Pick.first, a), (.second, b)] {
                let settled = try DoubleKeying.settle(
                    Self.questions, a, b, picks: Dictionary(uniqueKeysWithValues: fields.map { ($0, pick) })
                ).get()
                #expect(settled == expected)
            }
        }
    }
}
