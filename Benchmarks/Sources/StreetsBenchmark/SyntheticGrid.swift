import BenchmarkSupport
import CentresTestSupport
import TravelTime

/// A `side` × `side` 4-neighbour grid with an edge each way between neighbours, each with its own
/// seeded random cost in 5–60 s: a road network's size without its structure, so the figures test
/// the search itself. Costs differ by direction, so a wrong edge orientation would show up as a mismatch.
enum SyntheticGrid {
    static func graph(side: Int, seed: UInt64) -> StreetGraph {
        var rng = SeededGenerator(seed: seed)
        var lats: [Double] = [], lons: [Double] = []
        lats.reserveCapacity(side * side)
        lons.reserveCapacity(side * side)
        // About 50 m apart near Helsinki: positions only matter to the snap index, built with the graph.
        for r in 0..<side {
            for c in 0..<side {
                lats.append(60 + Double(r) * 0.00045)
                lons.append(24 + Double(c) * 0.0009)
            }
        }
        var edges: [(from: Int, to: Int, seconds: Double)] = []
        edges.reserveCapacity(4 * side * side)
        for r in 0..<side {
            for c in 0..<side {
                let v = r * side + c
                for (dr, dc) in [(0, 1), (1, 0)] where r + dr < side && c + dc < side {
                    let w = (r + dr) * side + c + dc
                    edges.append((v, w, Double.random(in: 5...60, using: &rng)))
                    edges.append((w, v, Double.random(in: 5...60, using: &rng)))
                }
            }
        }
        return StreetGraph(mode: .walk, lats: lats, lons: lons, edges: edges)
    }
}
