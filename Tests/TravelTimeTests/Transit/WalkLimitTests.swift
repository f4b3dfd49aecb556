import CentresCore
import Testing
import TravelTime

/// The walking limit is on the whole walk at each end of a journey with a vehicle, and walking the
/// whole way is always a journey (issue 21, defects 2 and 3). Points are placed by metres east and
/// north of 0°, 0° (one degree ≈ 111.2 km there).
@Suite struct WalkLimitTests {
    static let metresPerDegree = Coordinate.earthRadius * .pi / 180
    static func at(east: Double, north: Double = 0) -> Coordinate {
        Coordinate(lat: north / metresPerDegree, lon: east / metresPerDegree)
    }

    static func options(maxWalk: Double = 1_000, maxMinutes: Double = 30) -> TransitMatrix.Options {
        var o = TransitMatrix.Options(window: (8 * 3600)...(8 * 3600 + 600))
        o.maxWalkMetres = maxWalk
        o.maxMinutes = maxMinutes
        return o
    }

    /// Stops A, B and C (indices 0, 1, 2; footpaths between stops within 400 m) and a trip every
    /// five minutes from 08:00 to 09:00 from stop `from` to stop `to`, five minutes long.
    static func shuttle(a: Coordinate, b: Coordinate, c: Coordinate, from: Int, to: Int) throws -> Timetable {
        var builder = TimetableBuilder()
        for (id, point) in [("A", a), ("B", b), ("C", c)] { builder.addStop(id: id, name: id, coordinate: point) }
        for (k, dep) in stride(from: 8 * 3600, through: 9 * 3600, by: 300).enumerated() {
            try builder.addTrip(
                routeId: "r", tripId: "t\(k)", stops: [from, to], arrivals: [dep, dep + 300], departures: [dep, dep + 300])
        }
        return builder.build(maxTransferWalkMetres: 400)
    }

    /// Stops A and B 300 m apart (a transfer footpath joins them); the origin is 900 m from A and
    /// 1,150 m from B; only B is served, by a trip to C 5 km east, where the destination is. The
    /// only stop within 1,000 m of the origin has no service, so there is no journey by vehicle,
    /// and 5 km is too far to walk in 30 minutes: unreachable. (The engine used to walk to A, take
    /// the footpath to B and board: 1,200 m of walking.) An origin 900 m from B is reached.
    @Test func aFootpathNeverLengthensTheAccessWalk() throws {
        let origin = Self.at(east: 0)
        let a = Self.at(east: 900)
        // 300 m from A and 1,150 m from the origin.
        let b = Self.at(east: 1_134.72, north: 186.84)
        #expect(abs(origin.distance(to: b) - 1_150) < 1 && abs(a.distance(to: b) - 300) < 1)
        let c = Self.at(east: 6_000)
        let timetable = try Self.shuttle(a: a, b: b, c: c, from: 1, to: 2)
        #expect(timetable.footpaths[0].contains { $0.to == 1 }, "the footpath A → B exists")
        let destination = Self.at(east: 6_100)
        let nearB = Self.at(east: 1_134.72 + 900, north: 186.84)
        let m = TransitMatrix.compute(
            timetable: timetable, origins: [("far", origin), ("near-b", nearB)], destinations: [("d", destination)],
            options: Self.options())
        let minutes = try #require(m.layers.first).values
        #expect(minutes[0] == nil, "boarding at B would walk 1,150 m, or 1,200 m by way of A")
        let viaB = try #require(minutes[1])
        #expect(viaB < 30)

        // The same at the destination's end: the trip runs C → B, the destination is 900 m from A.
        let m2 = TransitMatrix.compute(
            timetable: try Self.shuttle(a: a, b: b, c: c, from: 2, to: 1), origins: [("o", destination)],
            destinations: [("far", origin), ("near-b", nearB)], options: Self.options())
        let minutes2 = try #require(m2.layers.first).values
        #expect(minutes2[0] == nil, "alighting at B and walking 1,150 m, or by way of A, is over the limit")
        #expect(minutes2[1] != nil)
    }

    /// Two points 1,200 m apart with a stop between them and no trips: walking the whole way
    /// (15 minutes at 4.8 km/h) is the answer, though it is over the 1,000 m walking limit, and
    /// the metadata counts it as walk-only.
    @Test func walkingTheWholeWayIsAlwaysAJourney() throws {
        var builder = TimetableBuilder()
        builder.addStop(id: "S", name: "S", coordinate: Self.at(east: 600))
        let timetable = builder.build()
        let m = TransitMatrix.compute(
            timetable: timetable, origins: [("o", Self.at(east: 0))], destinations: [("d", Self.at(east: 1_200))],
            options: Self.options())
        #expect(m.layers.first?.values == [15.0])
        #expect(m.metadata.parameters["walk_only_cells"] == "1")
        // Beyond the time limit, walking is no answer either.
        let far = TransitMatrix.compute(
            timetable: timetable, origins: [("o", Self.at(east: 0))], destinations: [("d", Self.at(east: 3_000))],
            options: Self.options(maxMinutes: 30))
        #expect(far.layers.first?.values == [nil])
    }

    /// A ride that reaches a stop after the access walk alone would still counts: a footpath may
    /// follow it. Stops on a line east of the origin: A at 100 m, B at 600 m (450 s on foot), C at
    /// 900 m (beyond the 800 m walk limit; 300 m from B, so a 225 s footpath), E at 6 km. Leaving
    /// at 08:00: walk to A, ride A → B arriving 08:08:20 (the walk alone is there at 08:07:30), the
    /// footpath to C by 08:12:05, ride C → E 08:13:20 → 08:18:20: 1,100 s in all. (The engine used
    /// to let the walk's arrival at B hide the ride's, and answered with the 75-minute walk.)
    @Test func aRideArrivingAfterTheAccessWalkStillLeadsOn() throws {
        var builder = TimetableBuilder()
        for (id, east) in [("A", 100.0), ("B", 600), ("C", 900), ("E", 6_000)] {
            builder.addStop(id: id, name: id, coordinate: Self.at(east: east))
        }
        let t = 8 * 3600
        try builder.addTrip(
            routeId: "r1", tripId: "ab", stops: [0, 1], arrivals: [t + 120, t + 500], departures: [t + 120, t + 500])
        try builder.addTrip(
            routeId: "r2", tripId: "ce", stops: [2, 3], arrivals: [t + 800, t + 1_100], departures: [t + 800, t + 1_100])
        let timetable = builder.build(maxTransferWalkMetres: 400)
        var options = Self.options(maxWalk: 800, maxMinutes: 90)
        options.window = t...t
        options.precision = .seconds
        let m = TransitMatrix.compute(
            timetable: timetable, origins: [("o", Self.at(east: 0))], destinations: [("e", Self.at(east: 6_000))],
            options: options)
        #expect(m.layers.first?.values == [1_100.0 / 60])
    }
}
