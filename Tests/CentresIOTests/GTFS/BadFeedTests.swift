import CentresCore
import CentresIO
import Foundation
import Testing

/// Small feeds built in memory, each with one deliberate fault.
@Suite struct BadFeedTests {
    static let goodFiles: [String: String] = [
        "agency.txt": "agency_id,agency_name,agency_url,agency_timezone\nA,Agency,http://a,Europe/Helsinki\n",
        "stops.txt": "stop_id,stop_name,stop_lat,stop_lon\nS1,One,60.1,24.9\nS2,Two,60.2,24.9\nS3,Three,60.3,24.9\n",
        "routes.txt": "route_id,route_type\nR,3\n",
        "trips.txt": "route_id,service_id,trip_id\nR,WK,T1\n",
        "stop_times.txt": """
        trip_id,arrival_time,departure_time,stop_id,stop_sequence,stop_headsign
        T1,08:00:00,08:00:00,S1,1,"Two, Three"
        T1,08:10:00,08:11:00,S2,2,
        T1,24:30:00,24:30:00,S3,3,

        """,
        "calendar.txt": "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
            + "WK,1,1,1,1,1,0,0,20220101,20221231\n",
        "calendar_dates.txt": "service_id,date,exception_type\nWK,20220606,2\nWK,20220611,1\n",
    ]

    static func load(_ changes: [String: String?]) -> GTFSFeed {
        var files = goodFiles
        for (k, v) in changes { files[k] = v }
        return GTFSFeed.load(files: files.mapValues { Data($0.utf8) }, name: "test.zip")
    }

    @Test func goodFeedIsClean() throws {
        let feed = Self.load([:])
        #expect(feed.report.issues == [])
        #expect(feed.stopTimes[0].last?.arrival == 24 * 3600 + 30 * 60)
        let timetable = try feed.timetable(on: SimpleDate("2022-02-22")!)
        #expect(timetable.tripCount == 1)
        #expect(feed.activeServices(on: SimpleDate("2022-06-06")!).isEmpty)  // removed Monday
        #expect(feed.activeServices(on: SimpleDate("2022-06-11")!) == ["WK"])  // added Saturday
        #expect(feed.activeServices(on: SimpleDate("2022-06-12")!).isEmpty)  // Sunday
        #expect(throws: InputError.self) { try feed.timetable(on: SimpleDate("2022-06-12")!) }
    }

    @Test func missingFileAndColumn() {
        let feed = Self.load([
            "routes.txt": nil,
            "stop_times.txt": "trip_id,arrival_time,stop_id,stop_sequence\nT1,08:00:00,S1,1\n",
        ])
        let issues = feed.report.issues
        #expect(issues.contains { $0.file == "routes.txt" && $0.message.contains("required file is missing") })
        #expect(issues.contains { $0.file == "stop_times.txt" && $0.line == 1 && $0.column == "departure_time" })
        #expect(feed.report.rendered(feedName: "test.zip").contains("stop_times.txt, line 1, column 'departure_time'"))
    }

    @Test func unknownIds() {
        let feed = Self.load([
            "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                + "T1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,NOPE,2\nT9,08:10:00,08:10:00,S1,1\n",
            "trips.txt": "route_id,service_id,trip_id\nR,WK,T1\nR9,WK,T2\nR,XX,T3\n",
        ])
        let issues = feed.report.issues
        #expect(issues.contains { $0.file == "stop_times.txt" && $0.line == 3 && $0.message.contains("'NOPE'") })
        #expect(issues.contains { $0.file == "stop_times.txt" && $0.line == 4 && $0.message.contains("'T9'") })
        #expect(issues.contains { $0.file == "trips.txt" && $0.line == 3 && $0.message.contains("unknown route id 'R9'") })
        #expect(issues.contains { $0.file == "trips.txt" && $0.message.contains("unknown service id 'XX'") })
        #expect(feed.stopTimes[0].isEmpty)  // the trip with an unknown stop is left out
    }

    @Test func decreasingAndMalformedTimes() {
        let feed = Self.load([
            "trips.txt": "route_id,service_id,trip_id\nR,WK,T1\nR,WK,T2\n",
            "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                + "T1,08:00:00,08:00:00,S1,1\nT1,07:59:00,07:59:00,S2,2\n"
                + "T2,08:00:00,08:00:00,S1,1\nT2,25:61:00,25:61:00,S2,2\n",
        ])
        let issues = feed.report.issues
        #expect(issues.contains { $0.file == "stop_times.txt" && $0.line == 3 && $0.message.contains("decrease") })
        #expect(issues.contains { $0.line == 5 && $0.column == "arrival_time" && $0.message.contains("'25:61:00'") })
        #expect(feed.stopTimes.allSatisfy { $0.isEmpty })
        // Nothing usable runs, so asking for a timetable is an error, not an empty timetable.
        #expect(throws: InputError.self) { try feed.timetable(on: SimpleDate("2022-02-22")!) }
    }

    @Test func frequenciesExpandBeforeEndTime() throws {
        let frequencies = "trip_id,start_time,end_time,headway_secs,exact_times\nT1,06:00:00,07:00:00,600,1\n"
        let feed = Self.load(["frequencies.txt": frequencies])
        let timetable = try feed.timetable(on: SimpleDate("2022-02-22")!)
        #expect(timetable.tripCount == 6)  // 06:00 … 06:50; end_time is exclusive
        let firstDepartures = (0..<6).map { timetable.patterns[0].departure(trip: $0, at: 0) }
        #expect(firstDepartures == stride(from: 6 * 3600, to: 7 * 3600, by: 600).map { $0 })
        #expect(timetable.patterns[0].arrival(trip: 0, at: 2) == 6 * 3600 + (24 * 3600 + 30 * 60 - 8 * 3600))
    }
}

/// The byte-level stop_times reader must agree with the CSV rules used everywhere else.
@Suite struct StopTimesSyntaxTests {
    static let header = "\u{FEFF}trip_id,arrival_time,departure_time,stop_id,stop_sequence,stop_headsign,pickup_type\r\n"

    @Test func crlfBomQuotesAndFlags() {
        let text = Self.header + "T1,8:00:00,8:00:00,S1,1,\"a \"\"b\"\", c\",1\r\n\r\n\"T1\", 08:10:00 ,08:11:00,S2,2,,\r\n"
        let feed = BadFeedTests.load(["stop_times.txt": text])
        #expect(feed.report.issues == [])
        #expect(feed.stopTimes[0].map(\.arrival) == [8 * 3600, 8 * 3600 + 600])
        #expect(feed.stopTimes[0].map(\.pickup) == [false, true])
        #expect(feed.stopTimes[0].map(\.line) == [2, 4])
    }

    @Test func wrongFieldCountAndBrokenQuotes() {
        let short = BadFeedTests.load(["stop_times.txt": Self.header + "T1,08:00:00,08:00:00,S1,1,x\n"])
        #expect(short.report.issues.contains { $0.file == "stop_times.txt" && $0.line == 2 && $0.message.contains("fields") })
        let open = BadFeedTests.load(["stop_times.txt": Self.header + "T1,08:00:00,08:00:00,S1,1,\"never closed,0\n"])
        #expect(open.report.issues.contains { $0.line == 2 && $0.message.contains("never closed") })
        let stray = BadFeedTests.load(["stop_times.txt": Self.header + "T1,08:00:00,08:00:00,S\"1,1,x,0\n"])
        #expect(stray.report.issues.contains { $0.line == 2 && $0.message.contains("quote") })
        let empty = BadFeedTests.load(["stop_times.txt": ""])
        #expect(empty.report.issues.contains { $0.file == "stop_times.txt" && $0.message.contains("empty") })
    }
}
