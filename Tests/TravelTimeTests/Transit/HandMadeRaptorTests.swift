import CentresCore
import Testing
import TravelTime

/// Tiny timetables whose answers can be worked out by hand. Stops are 10 km apart, so no walking
/// transfers are generated unless added explicitly.
@Suite struct HandMadeRaptorTests {
    static func hm(_ h: Int, _ m: Int) -> Int { h * 3600 + m * 60 }

    /// A → B on route 1 (08:00 → 08:10); B → C on route 2 at 08:05, 08:10 (no pickup at B), 08:15 and 08:25;
    /// D is 120 s from B by an explicit transfer; D → E on route 3 at 08:13.
    static func network() throws -> Timetable {
        var b = TimetableBuilder()
        for (i, name) in ["A", "B", "C", "D", "E"].enumerated() {
            b.addStop(id: name, name: name, coordinate: Coordinate(lat: 60 + Double(i) * 0.1, lon: 25))
        }
        try b.addTrip(
            routeId: "1", tripId: "1a", stops: [0, 1], arrivals: [hm(8, 0), hm(8, 10)],
            departures: [hm(8, 0), hm(8, 10)])
        for (id, dep) in [("2a", hm(8, 5)), ("2b", hm(8, 10)), ("2c", hm(8, 15)), ("2d", hm(8, 25))] {
            try b.addTrip(
                routeId: "2", tripId: id, stops: [1, 2], arrivals: [dep, dep + 900], departures: [dep, dep + 900],
                canBoard: [id != "2b", true])
        }
        b.addTransfer(from: 1, to: 3, seconds: 120)
        try b.addTrip(
            routeId: "3", tripId: "3a", stops: [3, 4], arrivals: [hm(8, 13), hm(8, 20)],
            departures: [hm(8, 13), hm(8, 20)])
        return b.build()
    }

    static func run(_ t: Timetable, maxTransfers: Int = 5) -> [Int?] {
        Raptor.earliestArrival(
            t, sources: [(stop: 0, arrivalSeconds: hm(7, 55))], departure: hm(7, 55),
            maxTransfers: maxTransfers, maxDuration: 3 * 3600)
    }

    @Test func transferAndPickupRestriction() throws {
        let a = Self.run(try Self.network())
        #expect(a[0] == Self.hm(7, 55))
        #expect(a[1] == Self.hm(8, 10))
        // 2a left at 08:05 (missed); 2b at 08:10 would fit a 0 s change but has pickup_type=1; so 2c at 08:15.
        #expect(a[2] == Self.hm(8, 30))
        // Walk B → D (120 s) reaches D at 08:12 in time for 3a at 08:13.
        #expect(a[3] == Self.hm(8, 12))
        #expect(a[4] == Self.hm(8, 20))
    }

    @Test func maxTransfersLimitsRides() throws {
        let a = Self.run(try Self.network(), maxTransfers: 0)
        #expect(a[1] == Self.hm(8, 10))
        #expect(a[2] == nil)
        #expect(a[3] == Self.hm(8, 12))  // a footpath is not a transfer between vehicles
        #expect(a[4] == nil)
    }

    @Test func missedConnectionAndMaxDuration() throws {
        let t = try Self.network()
        // Starting at A at 08:01 misses the only trip of route 1.
        let late = Raptor.earliestArrival(
            t, sources: [(stop: 0, arrivalSeconds: Self.hm(8, 1))],
            departure: Self.hm(8, 1), maxTransfers: 5, maxDuration: 7200)
        #expect(late == [Self.hm(8, 1), nil, nil, nil, nil])
        // From B at 08:11 the 3a connection via D (08:13) is missed by a minute.
        let fromB = Raptor.earliestArrival(
            t, sources: [(stop: 1, arrivalSeconds: Self.hm(8, 12))],
            departure: Self.hm(8, 12), maxTransfers: 5, maxDuration: 7200)
        #expect(fromB[4] == nil)
        #expect(fromB[2] == Self.hm(8, 30))
        // A 30-minute limit from 07:55 cuts off C (08:30 is 35 minutes later).
        let short = Raptor.earliestArrival(
            t, sources: [(stop: 0, arrivalSeconds: Self.hm(7, 55))],
            departure: Self.hm(7, 55), maxTransfers: 5, maxDuration: 1800)
        #expect(short[2] == nil)
        #expect(short[4] == Self.hm(8, 20))
    }

    @Test func rangeAndTravelTimeSummary() throws {
        let t = try Self.network()
        let range = Raptor.range(
            t, sources: [(stop: 0, accessSeconds: 0)], window: Self.hm(7, 58)...Self.hm(8, 2),
            maxTransfers: 5, maxDuration: 3600)
        #expect(range.departures == (0...4).map { Self.hm(7, 58) + 60 * $0 })
        let times = Raptor.travelTimes(range, egress: [[(stop: 2, egressSeconds: 60)]])[0]
        #expect(times == [33 * 60, 32 * 60, 31 * 60, nil, nil])
        #expect(TravelTimePercentiles.compute(times, percentiles: [0, 40, 60, 100]) == [31 * 60, 32 * 60, 33 * 60, nil])
        #expect(TravelTimePercentiles.compute([nil, nil, 5], percentiles: [50]) == [nil])
        #expect(TravelTimePercentiles.compute([], percentiles: [50]) == [nil])
    }

    @Test func overtakingTripsGoToSeparatePatterns() throws {
        var b = TimetableBuilder()
        b.addStop(id: "X", name: "X", coordinate: Coordinate(lat: 60, lon: 25))
        b.addStop(id: "Y", name: "Y", coordinate: Coordinate(lat: 61, lon: 25))
        // The slow trip leaves first but the express overtakes it.
        try b.addTrip(routeId: "r", tripId: "slow", stops: [0, 1], arrivals: [0, 3000], departures: [0, 3000])
        try b.addTrip(routeId: "r", tripId: "express", stops: [0, 1], arrivals: [600, 1200], departures: [600, 1200])
        let t = b.build()
        #expect(t.patterns.count == 2)
        let a = Raptor.earliestArrival(
            t, sources: [(stop: 0, arrivalSeconds: 0)], departure: 0, maxTransfers: 0,
            maxDuration: 9999)
        #expect(a[1] == 1200)
        #expect(throws: TimetableError.self) {
            try b.addTrip(routeId: "r", tripId: "bad", stops: [0, 1], arrivals: [100, 50], departures: [100, 50])
        }
    }
}

@Suite struct ExtremeArgumentTests {
    @Test func extremeLimitsDoNotTrap() throws {
        let t = try HandMadeRaptorTests.network()
        let start = HandMadeRaptorTests.hm(7, 55)
        let a = Raptor.earliestArrival(
            t, sources: [(stop: 0, arrivalSeconds: start), (stop: 99, arrivalSeconds: 0)],
            departure: start, maxTransfers: .max, maxDuration: .max)
        #expect(a[2] == HandMadeRaptorTests.hm(8, 30))
        let none = Raptor.earliestArrival(
            t, sources: [(stop: 0, arrivalSeconds: .max)], departure: .max, maxTransfers: -5,
            maxDuration: .max)
        #expect(none.allSatisfy { $0 == nil })
        let r = Raptor.range(
            t, sources: [(stop: 0, accessSeconds: .max)], window: 0...120, stepSeconds: 0,
            maxTransfers: 2, maxDuration: .min)
        #expect(r.departures.count == 121)
        #expect(Raptor.travelTimes(r, egress: [[(stop: 2, egressSeconds: .max)]])[0].allSatisfy { $0 == nil })
    }
}
