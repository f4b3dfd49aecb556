import CentresTestSupport
import Foundation
import Testing

@testable import CentresCore

/// Every question type read from a form, conditions, required flags, hostile text, and the
/// checks a question set passes before a consultation opens.
@Suite struct ConsultationFormTests {
    typealias Q = ConsultationQuestion
    static let yesNo = [Q.Option("yes", "Yes"), Q.Option("no", "No")]
    static let questions: [Q] = [
        Q(id: "who", text: "Are you…", kind: .respondentType, required: true),
        Q(id: "uses", text: "Do you use a centre?", kind: .singleChoice(options: yesNo, other: false), required: true),
        Q(
            id: "which", text: "Which centre?", kind: .centre(options: [.init("holt", "Holt"), .init("diss", "Diss")]),
            required: true, showIf: .init(questionID: "uses", value: "yes")),
        Q(
            id: "services", text: "Which services?",
            kind: .multipleChoice(options: [.init("stay-play", "Stay and play"), .init("health", "Health visits")], other: true)),
        Q(id: "agree", text: "Do you agree with the proposal?", kind: .agreement, required: true),
        Q(id: "order", text: "Rank these", kind: .ranking(options: [.init("a", "A"), .init("b", "B"), .init("c", "C")])),
        Q(id: "postcode", text: "Your postcode", kind: .postcode),
        Q(id: "grid", text: "How far do you agree", kind: .matrix(rows: [.init("r1", "Row 1"), .init("r2", "Row 2")])),
        Q(id: "name", text: "Your organisation", kind: .shortText),
        Q(id: "why", text: "Why?", kind: .longText, showIf: .init(questionID: "services", value: "health")),
    ]

    static func read(_ fields: [String: [String]]) -> Result<[String: ConsultationAnswer], ConsultationForm.Problems> {
        ConsultationForm.read(questions, fields: fields)
    }

    @Test func everyTypeIsReadFromItsFields() throws {
        let answers = try Self.read([
            "q-who": ["parent-carer"], "q-uses": ["yes"], "q-which": ["diss"], "q-services": ["health", "other", "stay-play"],
            "q-services-other": ["  Toy library "], "q-agree": ["strongly-disagree"],
            "q-order-rank-a": ["3"], "q-order-rank-b": ["1"], "q-order-rank-c": ["2"], "q-postcode": ["nr25 6bw"],
            "q-grid-row-r1": ["agree"], "q-grid-row-r2": ["dont-know"],
            "q-name": ["Holt Mums"], "q-why": ["Line one\r\nLine two"],
        ]).get()
        #expect(answers["who"] == .choice("parent-carer", other: nil))
        #expect(answers["which"] == .choice("diss", other: nil))
        #expect(
            answers["services"] == .choices(["stay-play", "health", "other"], other: "Toy library"),
            "options' order, not the form's")
        #expect(answers["agree"] == .choice("strongly-disagree", other: nil))
        #expect(answers["order"] == .ranking(["b", "c", "a"]))
        #expect(answers["postcode"] == .postcode("NR25 6BW"))
        #expect(answers["grid"] == .matrix(["r1": "agree", "r2": "dont-know"]))
        #expect(answers["name"] == .text("Holt Mums"))
        #expect(answers["why"] == .text("Line one\nLine two"))
    }

    @Test func conditionsDecideWhatIsAskedAndRequired() throws {
        // "which" is required only when "uses" is yes; "why" only when health is among the services.
        let no = try Self.read([
            "q-who": ["staff"], "q-uses": ["no"], "q-which": ["holt"], "q-agree": ["agree"], "q-why": ["not asked"],
        ]).get()
        #expect(no["which"] == nil && no["why"] == nil, "answers to questions not asked are dropped")
        let missing = Self.read(["q-who": ["staff"], "q-uses": ["yes"], "q-agree": ["agree"]])
        #expect(missing == .failure(.init(all: [.init(field: "q-which", message: "answer this question")])))
    }

    @Test func everyProblemIsReportedByField() {
        let result = Self.read([
            "q-uses": ["maybe"], "q-which": ["holt"], "q-services": ["other", "spa"], "q-agree": ["agree", "disagree"],
            "q-order-rank-a": ["1"], "q-order-rank-b": ["1"], "q-postcode": ["NOT A CODE"], "q-grid-row-r1": ["yes"],
            "q-name": [String(repeating: "x", count: 201)],
        ])
        guard case .failure(let p) = result else {
            Issue.record("expected problems")
            return
        }
        #expect(
            p.all.map(\.field) == [
                "q-who", "q-uses", "q-services", "q-agree", "q-order", "q-postcode", "q-grid-row-r1", "q-name",
            ])
        #expect(p.all.first { $0.field == "q-order" }?.message.contains("different place") == true)
        let otherEmpty = Self.read(["q-who": ["staff"], "q-uses": ["no"], "q-agree": ["agree"], "q-services": ["other"]])
        #expect(otherEmpty == .failure(.init(all: [.init(field: "q-services-other", message: "say what 'other' is")])))
    }

    @Test func hostileTextIsKeptAsTextWithoutControlCharacters() throws {
        let hostile = "=HYPERLINK(\"http://x\")<script>alert('x')</script>\u{0}\u{7}\u{1b}[31m & ' \" ‮"
        let answers = try ConsultationForm.read(
            [Q(id: "t", text: "Say", kind: .longText)], fields: ["q-t": [hostile]]
        ).get()
        guard case .text(let kept) = answers["t"] else {
            Issue.record("no text")
            return
        }
        #expect(!kept.unicodeScalars.contains { $0.properties.generalCategory == .control })
        #expect(kept.hasPrefix("=HYPERLINK(\"http://x\")<script>"), "stored as written; escaping is the output's job")
    }

    @Test func rankingsMayBePartialUnlessRequired() throws {
        let q = Q(id: "r", text: "Rank", kind: .ranking(options: [.init("a", "A"), .init("b", "B"), .init("c", "C")]))
        #expect(try ConsultationForm.read([q], fields: ["q-r-rank-c": ["1"]]).get()["r"] == .ranking(["c"]))
        #expect((try? ConsultationForm.read([q], fields: ["q-r-rank-c": ["2"]]).get()) == nil, "places start at 1")
        var required = q
        required.required = true
        #expect((try? ConsultationForm.read([required], fields: ["q-r-rank-c": ["1"]]).get()) == nil)
    }

    /// Seeded: random answers written into a form's fields are read back exactly.
    @Test func randomAnswersRoundTrip() throws {
        var rng = SplitMix64(seed: 20_261_122)
        for _ in 0..<300 {
            var fields: [String: [String]] = [:]
            var expected: [String: ConsultationAnswer] = [:]
            for q in Self.questions where ConsultationForm.isAsked(q, given: expected) {
                guard Bool.random(using: &rng) || q.required else { continue }
                let (f, a) = Self.randomAnswer(q, using: &rng)
                fields.merge(f) { $1 }
                expected[q.id] = a
            }
            #expect(try ConsultationForm.read(Self.questions, fields: fields).get() == expected)
        }
    }

    static func randomAnswer(_ q: Q, using rng: inout SplitMix64) -> ([String: [String]], ConsultationAnswer) {
        let name = ConsultationForm.field(q)
        switch q.kind {
        case .multipleChoice(let o, _):
            let chosen = o.map(\.value).filter { _ in Bool.random(using: &rng) }
            let some = chosen.isEmpty ? [o[0].value] : chosen
            return ([name: some.shuffled(using: &rng)], .choices(some, other: nil))
        case .ranking(let o):
            let order = o.map(\.value).shuffled(using: &rng)
            return (
                Dictionary(uniqueKeysWithValues: order.enumerated().map { ("\(name)-rank-\($1)", ["\($0 + 1)"]) }),
                .ranking(order)
            )
        case .matrix(let rows):
            let picks = rows.map { ($0.value, AgreementScale.allCases.randomElement(using: &rng)!.rawValue) }
            return (
                Dictionary(uniqueKeysWithValues: picks.map { ("\(name)-row-\($0.0)", [$0.1]) }),
                .matrix(Dictionary(uniqueKeysWithValues: picks))
            )
        case .postcode: return ([name: ["nr1 1aa"]], .postcode("NR1 1AA"))
        case .shortText, .longText:
            let text = "Answer \(rng.next() % 1000)"
            return ([name: [text]], .text(text))
        default:
            let v = q.options.randomElement(using: &rng)!.value
            return ([name: [v]], .choice(v, other: nil))
        }
    }

    @Test func questionSetsAreCheckedBeforeOpening() {
        #expect(QuestionSet.problems(Self.questions).isEmpty)
        let bad: [Q] = [
            Q(id: "Bad Id", text: " ", kind: .shortText),
            Q(
                id: "c", text: "C",
                kind: .singleChoice(options: [.init("x", "X"), .init("x", "X2"), .init("other", "O")], other: true)),
            Q(id: "c", text: "Again", kind: .ranking(options: [.init("a", "A")])),
            Q(id: "d", text: "D", kind: .shortText, showIf: .init(questionID: "c", value: "y")),
            Q(id: "e", text: "E", kind: .shortText, showIf: .init(questionID: "later", value: "y")),
            Q(id: "later", text: "L", kind: .agreement),
        ]
        let p = QuestionSet.problems(bad)
        for expected in [
            "question 1: the id 'Bad Id'", "question 1 has no text", "'x' is listed twice", "'other' is added by the question",
            "the id 'c' is used twice", "question 3 needs at least 2 options", "which it does not offer",
            "'later', which is not an earlier question",
        ] {
            #expect(p.contains { $0.contains(expected) }, "\(expected) in \(p)")
        }
    }

    @Test func aFieldBelongsToTheQuestionWithTheLongestMatchingName() {
        let qs = [
            ConsultationQuestion(id: "uses", text: "U", kind: .shortText),
            ConsultationQuestion(id: "uses-why", text: "W", kind: .longText),
            ConsultationQuestion(id: "q1", text: "1", kind: .shortText),
            ConsultationQuestion(id: "q10", text: "10", kind: .shortText),
        ]
        #expect(ConsultationForm.owner(of: "q-uses", in: qs)?.id == "uses")
        #expect(ConsultationForm.owner(of: "q-uses-other", in: qs)?.id == "uses")
        #expect(ConsultationForm.owner(of: "q-uses-why", in: qs)?.id == "uses-why")
        #expect(ConsultationForm.owner(of: "q-q10", in: qs)?.id == "q10")
        #expect(ConsultationForm.owner(of: "q-q1-rank-a", in: qs)?.id == "q1")
        #expect(ConsultationForm.owner(of: "receipt_email", in: qs) == nil)
    }
}
