import Testing

@testable import CentresCore

@Suite struct PostcodeTests {
    @Test(arguments: [
        ("nr2 1ab", "NR2 1AB"), ("NR21AB", "NR2 1AB"), (" pe30  1aa ", "PE30 1AA"), ("W1A 1AA", "W1A 1AA"),
        ("EC1A1BB", "EC1A 1BB"), ("M1 1AE", "M1 1AE"), ("IP20 0AA", "IP20 0AA"),
    ])
    func normalisesValidPostcodes(raw: String, normal: String) {
        #expect(Postcode(raw)?.text == normal)
    }

    @Test(arguments: ["", "NR2", "NR2 1A", "12345", "NR2 1ABC", "N@2 1AB", "NRR2 1AB", "NR2 AAB", "ÑR2 1AB"])
    func rejectsMalformedPostcodes(raw: String) {
        #expect(Postcode(raw) == nil)
    }
}

@Suite struct DateAndTimeTests {
    @Test func parsesAndPrintsDates() {
        #expect(SimpleDate("2019-01-22")?.description == "2019-01-22")
        #expect(SimpleDate("2019-01-22")?.longText == "22 January 2019")
        #expect(SimpleDate("2020-02-29") != nil)
        for bad in ["2019-02-29", "2019-13-01", "2019-1-22", "22/01/2019", "", "2019-01-32"] {
            #expect(SimpleDate(bad) == nil, "\(bad)")
        }
        #expect(SimpleDate("2018-09-17")! < SimpleDate("2019-01-22")!)
    }

    @Test func parsesAndPrintsTimes() {
        #expect(TimeOfDay("09:30")?.description == "09:30")
        #expect(TimeOfDay("23:59")?.minutes == 23 * 60 + 59)
        for bad in ["24:00", "9:30", "09:60", "0930", ""] { #expect(TimeOfDay(bad) == nil, "\(bad)") }
    }
}

@Suite struct CentreStatusTests {
    let sept = SimpleDate(year: 2018, month: 9, day: 17)!
    let jan = SimpleDate(year: 2019, month: 1, day: 22)!

    @Test func proposalsAreNotStatuses() {
        let c = Centre(
            id: "c", name: "C", venueID: "v", confidence: .high,
            events: [
                CentreEvent(date: sept, status: .designated, stage: .reported, sourceIDs: ["s"]),
                CentreEvent(date: sept, status: .deDesignated, stage: .proposed, sourceIDs: ["s"]),
            ])
        #expect(c.status(on: .latest)?.status == .designated)
        #expect(c.latestEvent?.status == .deDesignated)
    }

    @Test func latestDecisionWinsAndDatesBeforeItDoNot() {
        let c = Centre(
            id: "c", name: "C", venueID: "v", confidence: .high,
            events: [
                CentreEvent(date: jan, status: .base, stage: .decided, sourceIDs: ["s"]),
                CentreEvent(date: sept, status: .designated, stage: .reported, sourceIDs: ["s"]),
            ])
        #expect(c.status(on: .latest)?.status == .base)
        #expect(c.status(on: SimpleDate(year: 2018, month: 12, day: 1)!)?.status == .designated)
        #expect(c.status(on: SimpleDate(year: 2018, month: 1, day: 1)!) == nil)
    }
}

@Suite struct RuleTests {
    func session(_ r: Recurrence, day: Weekday?, start: String, end: String, date: String? = nil) -> Session {
        Session(
            id: "s", serviceID: "x", venueID: "v", recurrence: r, dayOfWeek: day, startTime: TimeOfDay(start)!,
            endTime: TimeOfDay(end)!, date: date.flatMap(SimpleDate.init))
    }

    @Test func sessionSchedules() {
        #expect(session(.weekly, day: .tuesday, start: "09:30", end: "11:00").scheduleProblem() == nil)
        #expect(session(.weekly, day: .tuesday, start: "09:30", end: "11:00").scheduleText == "Tuesdays 09:30–11:00")
        #expect(session(.weekly, day: nil, start: "09:30", end: "11:00").scheduleProblem()?.field == "day_of_week")
        #expect(session(.weekly, day: .monday, start: "11:00", end: "09:30").scheduleProblem()?.field == "end_time")
        #expect(session(.once, day: nil, start: "10:00", end: "11:00").scheduleProblem()?.field == "date")
        #expect(session(.once, day: nil, start: "10:00", end: "11:00", date: "2026-03-10").scheduleProblem() == nil)
    }

    @Test func budgetTotalMustBeTheSumOfItsLines() {
        let lines = [
            BudgetLine(id: "a", name: "A", currentGBP: 4, proposedGBP: 1),
            BudgetLine(id: "b", name: "B", currentGBP: 6, proposedGBP: 2),
        ]
        #expect(BudgetLine.totalProblem(lines + [BudgetLine(id: "total", name: "T", currentGBP: 10, proposedGBP: 3)]) == nil)
        #expect(BudgetLine.totalProblem(lines + [BudgetLine(id: "total", name: "T", currentGBP: 11, proposedGBP: 3)]) != nil)
        #expect(BudgetLine.totalProblem(lines + [BudgetLine(id: "total", name: "T", currentGBP: 10, proposedGBP: 4)]) != nil)
        #expect(BudgetLine.totalProblem(lines) == nil)
    }

    @Test func aPointGoesWithAKnownLocationOnly() {
        let p = Coordinate(lat: 52.6, lon: 1.3)
        #expect(Venue.checkLocation(p, quality: .exact) == nil)
        #expect(Venue.checkLocation(p, quality: .approximateTown) == nil)
        #expect(Venue.checkLocation(nil, quality: .unknown) == nil)
        #expect(Venue.checkLocation(p, quality: .unknown) == .pointWithUnknownQuality)
        #expect(Venue.checkLocation(nil, quality: .exact) == .missingPoint(.exact))
    }

    @Test func deprivationQuintileFollowsDecile() {
        let q = (1...10).map { Deprivation(score: nil, rank: nil, decile: $0).quintile! }
        #expect(q == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    }
}
