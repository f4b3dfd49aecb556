import CentresCore
import CentresIO
import Foundation
import Testing
import TravelTime

@Suite struct HSLFeedTests {
    let feed = TransitFixtures.hsl
    let tuesday = SimpleDate("2022-02-22")!

    @Test func countsMatchTheFeed() {
        #expect(feed.fileName == "hsl_gtfs_2022-02-22.zip")
        #expect(feed.stops.count == 1_388)
        #expect(feed.stops.filter { $0.locationType == 1 }.count == 27)
        #expect(feed.routes.count == 200)
        #expect(feed.trips.count == 3_195)
        #expect(feed.stopTimeRowCount == 62_485)
        #expect(feed.stopTimes.reduce(0) { $0 + $1.count } == 62_485)
        #expect(feed.frequencies.allSatisfy { $0.exactTimes })
        #expect(Set(feed.frequencies.map(\.trip)).count == 1_780)
        #expect(feed.feedInfo?.startDate == SimpleDate("2022-02-04"))
        #expect(feed.feedInfo?.endDate == SimpleDate("2022-03-20"))
        // The only findings: 8 one-stop trips, which cannot be ridden.
        #expect(feed.report.errorCount == 0, "\(feed.report.rendered(feedName: feed.fileName, limit: 10))")
        #expect(feed.report.warningCount == 8)
        #expect(feed.report.issues.allSatisfy { $0.message.contains("has 1 stop time(s)") })
    }

    @Test func pickupAndDropOffFlagsAreRead() {
        let all = feed.stopTimes.joined()
        #expect(all.contains { !$0.pickup })
        #expect(all.contains { !$0.dropOff })
    }

    @Test func timesPastMidnightParse() {
        let latest = feed.stopTimes.joined().map(\.arrival).max()
        #expect(latest == 26 * 3600 + 31 * 60)
    }

    @Test func oneServiceDayOnTuesday() throws {
        #expect(feed.activeServices(on: tuesday).count == 1)
        #expect(feed.activeServices(on: SimpleDate("2022-02-23")!).isEmpty)
        let timetable = try feed.timetable(on: tuesday)
        #expect(feed.tripInstanceCount(on: tuesday) == 12_878)
        // 90 of those instances belong to the 8 one-stop trips, which the timetable leaves out.
        #expect(timetable.tripCount == 12_788)
        #expect(timetable.stops.count == 1_388)
        #expect(timetable.metadata.source == "hsl_gtfs_2022-02-22.zip")
        #expect(timetable.metadata.serviceDate == tuesday)
        #expect(timetable.metadata.feedEndDate == SimpleDate("2022-03-20"))
    }

    @Test func noServiceDateThrowsAClearError() {
        let friday = SimpleDate("2022-03-25")!
        do {
            _ = try feed.timetable(on: friday)
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "hsl_gtfs_2022-02-22.zip")
            #expect(error.message.contains("no service runs on 2022-03-25 (Friday)"))
        }
        let report = feed.validationReport(on: friday)
        #expect(report.hasErrors)
        #expect(report.rendered(feedName: feed.fileName).contains("no service runs on 2022-03-25"))
    }
}
