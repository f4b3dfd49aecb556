import CentresCore
import CentresTestSupport
import Testing
import TravelTime

/// Seeded random networks: RAPTOR against the time-expanded Dijkstra oracle, and range RAPTOR against
/// one RAPTOR per departure minute.
@Suite struct RandomNetworkTests {
    struct Network {
        var timetable: Timetable
        var oracle: TimeExpandedOracle
    }

    /// 4–25 stops in a ~1.5 km square (so some are within the 400 m walking radius), 1–7 routes, 1–8 trips
    /// each with random speeds (so trips overtake), occasional no-pickup / no-drop-off stops and loops,
    /// and a few explicit transfers.
    static func network(seed: UInt64) throws -> Network {
        var rng = SplitMix64(seed: seed)
        var b = TimetableBuilder()
        let stopCount = Int.random(in: 4...25, using: &rng)
        for s in 0..<stopCount {
            let c = Coordinate(
                lat: 60 + Double.random(in: 0...0.0135, using: &rng),
                lon: 25 + Double.random(in: 0...0.027, using: &rng))
            b.addStop(id: "s\(s)", name: "s\(s)", coordinate: c)
        }
        var trips: [TimeExpandedOracle.Trip] = []
        for r in 0..<Int.random(in: 1...7, using: &rng) {
            var stops = Array((0..<stopCount).shuffled(using: &rng).prefix(Int.random(in: 2...min(8, stopCount), using: &rng)))
            if Bool.random(using: &rng) && stops.count > 2 { stops.append(stops[0]) }  // a loop
            for k in 0..<Int.random(in: 1...8, using: &rng) {
                var arr: [Int] = [], dep: [Int] = []
                var t = Int.random(in: 0...5400, using: &rng)
                for i in stops.indices {
                    if i > 0 { t += Int.random(in: 30...600, using: &rng) }
                    arr.append(t)
                    t += Int.random(in: 0...1, using: &rng) * Int.random(in: 0...60, using: &rng)
                    dep.append(t)
                }
                let board = stops.indices.map { _ in Int.random(in: 0..<10, using: &rng) > 0 }
                let alight = stops.indices.map { _ in Int.random(in: 0..<10, using: &rng) > 0 }
                try b.addTrip(
                    routeId: "r\(r)", tripId: "r\(r)t\(k)", stops: stops, arrivals: arr, departures: dep,
                    canBoard: board, canAlight: alight)
                trips.append(
                    TimeExpandedOracle.Trip(
                        stops: stops, arrivals: arr, departures: dep,
                        canBoard: board, canAlight: alight))
            }
        }
        for _ in 0..<Int.random(in: 0...3, using: &rng) {
            b.addTransfer(
                from: Int.random(in: 0..<stopCount, using: &rng), to: Int.random(in: 0..<stopCount, using: &rng),
                seconds: Int.random(in: 0...300, using: &rng))
        }
        let timetable = b.build()
        let footpaths = timetable.footpaths.map { $0.map { (to: $0.to, seconds: $0.seconds) } }
        return Network(
            timetable: timetable,
            oracle: TimeExpandedOracle(stopCount: stopCount, trips: trips, footpaths: footpaths))
    }

    static func sources(_ rng: inout SplitMix64, stopCount: Int) -> [(stop: Int, offset: Int)] {
        (0..<Int.random(in: 1...3, using: &rng)).map { _ in
            (Int.random(in: 0..<stopCount, using: &rng), Int.random(in: 0...600, using: &rng))
        }
    }

    @Test func raptorMatchesTheOracle() throws {
        var compared = 0, reachedElsewhere = 0
        for seed in UInt64(1)...300 {
            let net = try Self.network(seed: seed)
            var rng = SplitMix64(seed: seed &* 7919)
            let start = Int.random(in: 0...3600, using: &rng)
            let src = Self.sources(&rng, stopCount: net.timetable.stops.count).map { ($0.stop, start + $0.offset) }
            let expected = net.oracle.earliestArrival(sources: src.map { (stop: $0.0, arrival: $0.1) })
            let got = Raptor.earliestArrival(
                net.timetable, sources: src.map { (stop: $0.0, arrivalSeconds: $0.1) }, departure: start,
                maxTransfers: net.timetable.tripCount + 1, maxDuration: 1_000_000)
            #expect(got == expected, "seed \(seed)")
            compared += 1
            reachedElsewhere += zip(got, expected).filter { $0.0 != nil }.count - Set(src.map(\.0)).count
        }
        #expect(compared == 300)
        #expect(reachedElsewhere > 1000)  // the networks are not trivially disconnected
    }

    @Test func rangeMatchesOneRaptorPerMinute() throws {
        for seed in UInt64(1001)...1150 {
            let net = try Self.network(seed: seed)
            var rng = SplitMix64(seed: seed &* 104_729)
            let src = Self.sources(&rng, stopCount: net.timetable.stops.count).map { (stop: $0.stop, accessSeconds: $0.offset) }
            let maxTransfers = [0, 1, 2, 50][Int(seed % 4)]
            let maxDuration = [1200, 2400, 100_000][Int(seed % 3)]
            let start = Int.random(in: 0...3600, using: &rng)
            let range = Raptor.range(
                net.timetable, sources: src, window: start...(start + 3600), stepSeconds: 60,
                maxTransfers: maxTransfers, maxDuration: maxDuration)
            #expect(range.departures.count == 61)
            for (d, t) in range.departures.enumerated() {
                let single = Raptor.earliestArrival(
                    net.timetable, sources: src.map { (stop: $0.stop, arrivalSeconds: t + $0.accessSeconds) },
                    departure: t, maxTransfers: maxTransfers, maxDuration: maxDuration)
                #expect(range.arrivals[d] == single, "seed \(seed), departure \(t)")
            }
        }
    }
}
