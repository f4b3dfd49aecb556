import CentresTestSupport
import Foundation
import Testing

@testable import CentresCore

/// A consultation's stages by date, every stage against every action, what stops a launch, and
/// which responses are taken, late or refused, channel by channel.
@Suite struct ConsultationLifecycleTests {
    static let opens = SimpleDate(year: 2026, month: 9, day: 1)!, closes = SimpleDate(year: 2026, month: 11, day: 23)!
    static let before = SimpleDate(year: 2026, month: 8, day: 31)!, during = SimpleDate(year: 2026, month: 10, day: 1)!
    static let after = SimpleDate(year: 2026, month: 12, day: 1)!

    static func consultation(_ state: Consultation.State = .draft) -> Consultation {
        Consultation(
            id: "redesign-2026", proposalID: "norfolk-2018-15-bases", title: "Children's centres: a new shape",
            purpose: "To hear what families think of moving services to 15 bases.", whoIsConsulted: "Everyone in Norfolk",
            opensOn: opens, closesOn: closes, otherChannels: "Post: County Hall, Norwich. Phone 0344 800 8020.",
            documents: [.init(title: "The proposal", url: "/proposals/norfolk-2018-15-bases")],
            questions: [.init(id: "agree", text: "Do you agree?", kind: .agreement, required: true)], state: state)
    }

    @Test func theStageFollowsTheDates() {
        let launched = Self.consultation(.launched)
        #expect(launched.stage(on: Self.before) == .scheduled)
        #expect(launched.stage(on: Self.opens) == .open && launched.stage(on: Self.closes) == .open, "both days included")
        #expect(launched.stage(on: Self.closes.adding(days: 1)!) == .closed)
        #expect(Self.consultation(.draft).stage(on: Self.during) == .draft)
        #expect(Self.consultation(.published).stage(on: Self.during) == .published)
    }

    /// Every stage against every action: only launch from draft, unlaunch before opening and
    /// publish after closing succeed.
    @Test func everyStageAgainstEveryAction() {
        let publish = Consultation.Action.publish(
            whatWeHeard: "Most disagreed.", whatWeDid: "Kept 15 bases.", revisedProposalID: nil)
        let cases: [(Consultation.State, SimpleDate, Consultation.Stage)] = [
            (.draft, Self.before, .draft), (.launched, Self.before, .scheduled), (.launched, Self.during, .open),
            (.launched, Self.after, .closed), (.published, Self.after, .published),
        ]
        for (state, day, stage) in cases {
            let c = Self.consultation(state)
            #expect(c.stage(on: day) == stage)
            for action in [Consultation.Action.launch, .unlaunch, publish] {
                let result = c.applying(action, today: day)
                let allowed =
                    (stage, action) == (.draft, .launch) || (stage, action) == (.scheduled, .unlaunch)
                    || (stage, action) == (.closed, publish)
                switch result {
                case .success(let next):
                    #expect(allowed, "\(stage) \(action) should be refused")
                    #expect(next.state == [.draft: .launched, .scheduled: .draft, .closed: .published][stage])
                case .failure(let e):
                    #expect(!allowed, "\(stage) \(action) refused: \(e.message)")
                }
            }
        }
        let published = try? Self.consultation(.launched).applying(publish, today: Self.after).get()
        #expect(published?.whatWeDid == "Kept 15 bases.")
        #expect(
            (try? Self.consultation(.launched).applying(
                .publish(whatWeHeard: " ", whatWeDid: "x", revisedProposalID: nil), today: Self.after
            ).get())
                == nil, "results need what was heard")
    }

    @Test func aLaunchNeedsEverythingInPlace() {
        var c = Self.consultation()
        (c.title, c.otherChannels, c.questions) = ("", " ", [])
        c.closesOn = Self.before
        c.documents = [.init(title: "Leaflet", url: "javascript:alert(1)")]
        let fields = c.problems(today: Self.during).map(\.field)
        #expect(fields == ["title", "other_channels", "closes_on", "closes_on", "documents", "questions"])
        if case .failure(let e) = c.applying(.launch, today: Self.during) {
            #expect(e.message == "it cannot launch: give a title")
        } else {
            Issue.record("launched with problems")
        }
        #expect(Self.consultation().problems(today: Self.during).isEmpty)
    }

    /// A draft saves part-done: only dates the wrong way round and documents without an address stop it.
    @Test func aDraftSavesWithLessThanALaunchNeeds() {
        var c = Self.consultation()
        (c.title, c.otherChannels, c.questions) = ("", " ", [])
        #expect(c.saveProblems.isEmpty && !c.problems(today: Self.during).isEmpty)
        c.closesOn = Self.before
        c.documents = [.init(title: "Leaflet", url: "javascript:alert(1)")]
        #expect(c.saveProblems.map(\.field) == ["closes_on", "documents"])
    }

    /// Online only while open; other channels while open and, marked late when received after the
    /// date, until results are published; nothing received in the future or before opening.
    @Test func responsesAreTakenLateOrRefusedByChannel() {
        let c = Self.consultation(.launched)
        for channel in ResponseChannel.allCases {
            #expect(c.intake(channel, receivedOn: Self.during, today: Self.during) == .accepted(late: false))
            #expect(
                c.intake(channel, receivedOn: Self.before, today: Self.before)
                    == .refused("responses count from the opening date, 1 September 2026"))
            #expect(
                Self.consultation().intake(channel, receivedOn: Self.during, today: Self.during)
                    == .refused("the consultation is not open"))
            #expect(
                c.intake(channel, receivedOn: Self.after, today: Self.during) == .refused("the date received is in the future"))
            let lateDay = c.intake(channel, receivedOn: Self.after, today: Self.after)
            let inTime = c.intake(channel, receivedOn: Self.closes, today: Self.after)
            if channel == .online {
                #expect(lateDay == .refused("the consultation closed on 23 November 2026") && inTime == lateDay)
            } else {
                #expect(lateDay == .accepted(late: true) && inTime == .accepted(late: false))
            }
            #expect(
                Self.consultation(.published).intake(channel, receivedOn: Self.after, today: Self.after) != .accepted(late: true))
        }
    }
}
