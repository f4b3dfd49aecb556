import CentresCore
import CentresIO
import Foundation
import Testing
import TravelTime

/// End to end on the real HSL feed: Tuesday 2022-02-22, departures 08:00–09:00.
@Suite struct HSLRoutingTests {
    static let timetable: Timetable = {
        do { return try TransitFixtures.hsl.timetable(on: SimpleDate("2022-02-22")!) } catch { fatalError("\(error)") }
    }()

    /// Every stop (platforms and stations) with exactly this name.
    static func stops(named name: String) -> [Int] {
        timetable.stops.indices.filter { timetable.stops[$0].name == name }
    }

    @Test(arguments: [
        ("Rautatientori", "Arabia"), ("Kamppi", "Munkkivuori"), ("Lauttasaari", "Pasila"), ("Kauppatori", "Ruoholahti"),
    ])
    func crossCityTripsArePlausible(from: String, to: String) throws {
        let origin = Self.stops(named: from), destination = Self.stops(named: to)
        try #require(!origin.isEmpty && !destination.isEmpty)
        let eight = 8 * 3600
        let range = Raptor.range(
            Self.timetable, sources: origin.map { (stop: $0, accessSeconds: 0) },
            window: eight...(eight + 3600), maxTransfers: 4, maxDuration: 2 * 3600)
        let times = Raptor.travelTimes(range, egress: [destination.map { (stop: $0, egressSeconds: 0) }])[0]
        #expect(times.count == 61)
        #expect(times.allSatisfy { $0 != nil && $0! > 0 && $0! < 90 * 60 }, "\(from) → \(to): \(times)")
        let p = TravelTimePercentiles.compute(times, percentiles: [5, 50, 95])
        let distance = Self.timetable.stops[origin[0]].coordinate.distance(to: Self.timetable.stops[destination[0]].coordinate)
        print("HSL \(from) → \(to) (\(Int(distance)) m): travel time p5/p50/p95 =", p.map { $0.map { $0 / 60 } ?? -1 }, "min")
    }

    @Test func parseTiming() throws {
        let clock = ContinuousClock()
        var zip: ZipArchive?
        let unzip = try clock.measure { zip = try ZipArchive(contentsOf: TransitFixtures.hslPath) }
        var feed: GTFSFeed?
        let parse = try clock.measure { feed = try GTFSFeed.load(zip: zip!) }
        var timetable: Timetable?
        let build = try clock.measure { timetable = try feed!.timetable(on: SimpleDate("2022-02-22")!) }
        #expect(timetable?.tripCount == 12_788)
        print("HSL timings: read zip directory \(unzip), inflate + parse GTFS \(parse), timetable(on:) \(build)")
    }

    @Test func timetableSizesAndRangeTiming() {
        let t = Self.timetable
        #expect(t.stops.count == 1_388)
        #expect(t.tripCount == 12_788)
        #expect(t.patterns.count > 200)
        #expect(t.footpathCount > 1_000)
        let clock = ContinuousClock()
        let origin = Self.stops(named: "Rautatientori")
        var range: RaptorRangeResult?
        let elapsed = clock.measure {
            range = Raptor.range(
                t, sources: origin.map { (stop: $0, accessSeconds: 0) }, window: 28_800...32_400,
                maxTransfers: 4, maxDuration: 2 * 3600)
        }
        let reached = range!.arrivals[0].compactMap { $0 }.count
        #expect(reached > 1_000)
        // The same answers from 61 independent searches, and how much label reuse saves.
        var singles: [[Int?]] = []
        let independent = clock.measure {
            singles = range!.departures.map { d in
                Raptor.earliestArrival(
                    t, sources: origin.map { (stop: $0, arrivalSeconds: d) }, departure: d,
                    maxTransfers: 4, maxDuration: 2 * 3600)
            }
        }
        #expect(singles == range!.arrivals)
        print(
            "HSL timetable: \(t.stops.count) stops, \(t.patterns.count) patterns, \(t.tripCount) trips,",
            "\(t.footpathCount) footpaths; range RAPTOR 61 minutes from Rautatientori: \(elapsed),",
            "\(reached) stops reached at 08:00; 61 independent RAPTOR searches: \(independent)")
    }
}
