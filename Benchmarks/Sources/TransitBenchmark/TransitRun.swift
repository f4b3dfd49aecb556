import BenchmarkSupport
import CentresCore
import Foundation
import TravelTime

/// One timed `TransitMatrix.compute`, with the fixed cost (egress legs, which every call pays once)
/// measured apart so that the per-origin cost is the search's own.
struct TransitRun {
    var name: String
    var timetable: Timetable
    var origins: [(id: String, point: Coordinate)]
    var destinations: [(id: String, point: Coordinate)]
    var options: TransitMatrix.Options
    var walkGraph: StreetGraph?

    func run() {
        let (fixedCost, _) = timed { compute(Array(origins.prefix(0))) }
        let cpuBefore = cpuSeconds()
        let (total, matrix) = timed { compute(origins) }
        let cpu = cpuSeconds() - cpuBefore
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let cells = Double(origins.count * destinations.count)
        let shares = matrix.layers.map { l in
            "\(l.name) \(fixed(100 * Double(l.values.filter { $0 != nil }.count) / cells, 1))%"
        }
        let originsReaching = (0..<origins.count).filter { i in
            (0..<destinations.count).contains { matrix.minutes(origin: i, destination: $0, layer: 1) != nil }
        }.count
        print(
            "\n== transit \(name): \(origins.count) origins × \(destinations.count) destinations, "
                + "61 departures 08:00–09:00, p25/p50/p75, max 90 min, walk ≤ 800 m")
        print(
            "total \(fixed(total, 3)) s wall on \(cores) cores (\(fixed(cpu, 2)) CPU s); fixed cost (egress only) "
                + "\(fixed(fixedCost, 3)) s")
        print(
            "per origin: \(fixed((total - fixedCost) / Double(origins.count) * 1e3, 2)) ms wall, "
                + "\(fixed(cpu / Double(origins.count) * 1e3, 2)) CPU ms")
        print(
            "reachable cells: " + shares.joined(separator: ", ") + "; origins reaching ≥1 destination (p50): "
                + "\(originsReaching)/\(origins.count)")
        print(
            "walk legs: network \(matrix.metadata.parameters["walk_legs_on_street_network"] ?? "?"), "
                + "straight \(matrix.metadata.parameters["walk_legs_straight_line"] ?? "?")")
        perOriginSpread()
        print("peak RSS \(fixed(peakRSSMiB() ?? .nan, 0)) MiB")
    }

    /// The spread of single-origin cost: the first 100 origins one call each (one core), less the fixed cost.
    private func perOriginSpread() {
        let fixedCost = (0..<5).map { _ in timed { compute([]) }.seconds }.sorted()[2]
        let costs = origins.prefix(100).map { o in max(0, timed { compute([o]) }.seconds - fixedCost) * 1e3 }.sorted()
        func p(_ q: Double) -> String { fixed(costs[min(costs.count - 1, Int(q * Double(costs.count)))], 1) }
        print(
            "single-origin cost, 100 origins one at a time (ms): p10 \(p(0.1)), p50 \(p(0.5)), p90 \(p(0.9)), "
                + "max \(fixed(costs.last ?? .nan, 1))")
    }

    private func compute(_ o: [(id: String, point: Coordinate)]) -> TravelTimeMatrix {
        TransitMatrix.compute(
            timetable: timetable, origins: o, destinations: destinations, options: options, walkGraph: walkGraph)
    }
}
