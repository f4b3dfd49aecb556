import CentresTestSupport
import Foundation
import Testing

@testable import CentresCore

/// Results per option (never per combination) with shares of those who answered, ranking
/// places, and identical texts grouped, not removed.
@Suite struct ResponseAnalysisTests {
    typealias Q = ConsultationQuestion

    @Test func multipleChoiceCountsEachOptionOfThoseWhoAnswered() {
        let q = Q(id: "s", text: "Services", kind: .multipleChoice(options: [.init("a", "A"), .init("b", "B")], other: true))
        let r = QuestionResults.tally(
            q, [.choices(["a", "b"], other: nil), .choices(["a"], other: nil), .choices(["other"], other: "Toys"), nil])
        #expect(r.answered == 3, "one response did not answer")
        #expect(r.counts.map(\.count) == [2, 1, 1] && r.counts.map(\.value) == ["a", "b", "other"])
        let third = 100.0 / 3
        let shares: [Double?] = [2 * third, third, third]
        #expect(r.counts.map(\.percent) == shares, "shares add up to more than 100 %")
        #expect(QuestionResults.tally(q, [nil]).counts.allSatisfy { $0.percent == nil && $0.count == 0 })
    }

    @Test func scalesRankingsAndMatrices() {
        let agree = QuestionResults.tally(
            Q(id: "x", text: "X", kind: .agreement), [.choice("agree", other: nil), .choice("agree", other: nil)])
        #expect(agree.counts.first { $0.value == "agree" }?.percent == 100 && agree.counts.count == AgreementScale.allCases.count)
        let rank = QuestionResults.tally(
            Q(id: "r", text: "R", kind: .ranking(options: [.init("a", "A"), .init("b", "B")])),
            [.ranking(["a", "b"]), .ranking(["b", "a"]), .ranking(["a"])])
        #expect(rank.meanPlaces == ["a": 4.0 / 3, "b": 1.5])
        let grid = QuestionResults.tally(
            Q(id: "m", text: "M", kind: .matrix(rows: [.init("r1", "1"), .init("r2", "2")])), [.matrix(["r1": "agree"])])
        #expect(grid.counts.map(\.count) == [1, 0])
    }

    /// Seeded: per-option counts equal a slow count over every answer.
    @Test func countsMatchASlowCount() {
        var rng = SplitMix64(seed: 7)
        let options = (0..<6).map { Q.Option("o\($0)", "O\($0)") }
        let q = Q(id: "m", text: "M", kind: .multipleChoice(options: options, other: false))
        for _ in 0..<200 {
            let answers: [ConsultationAnswer?] = (0..<Int.random(in: 0..<40, using: &rng)).map { _ in
                Bool.random(using: &rng)
                    ? nil : .choices(options.map(\.value).filter { _ in Bool.random(using: &rng) }, other: nil)
            }
            let r = QuestionResults.tally(q, answers)
            for o in options {
                let slow = answers.filter { if case .choices(let vs, _)? = $0 { vs.contains(o.value) } else { false } }.count
                #expect(r.counts.first { $0.value == o.value }?.count == slow)
            }
            #expect(r.answered == answers.compactMap { $0 }.count)
        }
    }

    @Test func identicalTextsAreGroupedLargestFirst() {
        let letter = "I OBJECT to closing our children's centre: families in Holt would travel 25 minutes."
        let groups = IdenticalText.groups([
            ("r1", letter), ("r2", "Something else entirely, written by one person in their own words."),
            ("r3", "i object to closing our childrens centre — families in holt would travel 25 minutes"),
            ("r4", "No"), ("r5", "No"), ("r6", letter),
            ("r7", "Something else entirely, written by one person in their own words!"),
        ])
        #expect(groups.map(\.responseIDs) == [["r1", "r3", "r6"], ["r2", "r7"]])
        #expect(groups.first?.text == letter, "shown as first written")
        #expect(IdenticalText.key("  Hello,\nWORLD!! ") == "hello world")
    }
}

/// Results by group line up with the whole: every group's counts add up to the overall count.
@Suite struct GroupedResultsTests {
    @Test func groupsAddUpToTheWholeAndUnknownsAreKept() {
        let q = ConsultationQuestion(id: "a", text: "A", kind: .agreement)
        var rng = SeededGenerator(seed: 11)
        let scale = AgreementScale.allCases.map(\.rawValue)
        for _ in 0..<200 {
            let answers: [(group: String?, answer: ConsultationAnswer?)] = (0..<Int.random(in: 0...40, using: &rng)).map { _ in
                let g: String? = ["online", "paper", "letter", nil, "stray"].randomElement(using: &rng)!
                let a: ConsultationAnswer? =
                    Bool.random(using: &rng) ? .choice(scale.randomElement(using: &rng)!, other: nil) : nil
                return (g, a)
            }
            let groups = GroupedResults.split(q, answers, groups: [("online", "Online"), ("paper", "Paper"), ("phone", "Phone")])
            let whole = QuestionResults.tally(q, answers.map(\.answer))
            #expect(Array(groups.prefix(3).map(\.key)) == ["online", "paper", "phone"], "every group shown, in order")
            for (i, option) in whole.counts.enumerated() {
                #expect(groups.map { $0.result.counts[i].count }.reduce(0, +) == option.count)
            }
            #expect(groups.map(\.result.answered).reduce(0, +) == whole.answered)
            let strays = answers.filter { a in a.group.map { !["online", "paper", "phone"].contains($0) } ?? true }
            #expect((groups.last?.label == "Not known") == !strays.isEmpty)
        }
    }

    @Test func ratesPerThousandUnderFives() {
        #expect(ResponseRate.perThousand(responses: 3, underFives: 1_500) == 2)
        #expect(ResponseRate.perThousand(responses: 3, underFives: 0) == nil)
    }
}

@Suite struct CodingProgressTests {
    @Test func progressCountsAnswersWithAnyCodeAndThemesCountAnswers() {
        let p = CodingProgress(
            answered: [1, 2, 3, 4], tags: [(1, "Travel"), (1, "Cost"), (2, "Travel"), (2, "Travel"), (9, "Cost")])
        #expect(p.answered == 4 && p.coded == 2 && p.percentCoded == 50)
        #expect(
            p.themes.map(\.label) == ["Travel", "Cost"] && p.themes.map(\.count) == [2, 1], "a tag of a non-answer is ignored")
        #expect(CodingProgress(answered: [], tags: []).percentCoded == nil)
    }
}

@Suite struct CodingTargetTests {
    @Test func textQuestionsAndOtherTextsAreCoded() {
        let qs = [
            ConsultationQuestion(id: "a", text: "Views", kind: .longText),
            ConsultationQuestion(id: "b", text: "Use", kind: .multipleChoice(options: [.init("x", "X")], other: true)),
            ConsultationQuestion(id: "c", text: "Pick", kind: .singleChoice(options: [.init("x", "X")], other: false)),
            ConsultationQuestion(id: "d", text: "Name", kind: .shortText),
        ]
        let targets = CodingTarget.all(qs)
        #expect(targets.map(\.id) == ["a", "b-other", "d"] && targets.map(\.shortName) == ["Q1", "Q2 other", "Q4"])
        let answers: [String: ConsultationAnswer] = [
            "a": .text("Far"), "b": .choices(["x", "other"], other: "Toys"), "d": .text("Jo"),
        ]
        #expect(targets.map { $0.text(in: answers) } == ["Far", "Toys", "Jo"])
        #expect(targets[1].text(in: ["b": .choices(["x"], other: nil)]) == nil)
    }
}
