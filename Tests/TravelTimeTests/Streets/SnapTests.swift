import CentresCore
import CentresTestSupport
import Foundation
import Testing
import TravelTime

@Suite struct SnapTests {
    @Test func tooFarIsNil() throws {
        let g = StreetGraph(lats: [51.5, 51.5], lons: [-0.1, -0.099], edges: [(0, 1, 5), (1, 0, 5)])
        #expect(g.snap(Coordinate(lat: 51.51, lon: -0.1)) == nil)  // ≈ 1.1 km north
        let far = try #require(g.snap(Coordinate(lat: 51.51, lon: -0.1), maxMetres: 2000))
        #expect(
            far.node == 0
                && abs(far.metres - Coordinate(lat: 51.51, lon: -0.1).distance(to: Coordinate(lat: 51.5, lon: -0.1))) < 1e-9)
        #expect(g.snap(Coordinate(lat: .nan, lon: 0)) == nil)
        // Far outside the grid, still found (node 1 is the eastern one).
        #expect(g.snap(Coordinate(lat: 10, lon: 10), maxMetres: 1e9)?.node == 1)
    }

    /// Grid search against brute force over random points, near and far from the nodes.
    @Test func matchesBruteForce() {
        var rng = SplitMix64(seed: 500)
        for _ in 0..<30 {
            let n = Int.random(in: 1...300, using: &rng)
            let lat0 = Double.random(in: -70...70, using: &rng), lon0 = Double.random(in: -170...170, using: &rng)
            let span = Double.random(in: 0.001...0.2, using: &rng)
            let lats = (0..<n).map { _ in lat0 + Double.random(in: 0...span, using: &rng) }
            let lons = (0..<n).map { _ in lon0 + Double.random(in: 0...span, using: &rng) }
            // A one-way chain: every node is its own strongly connected piece; islands of one node
            // and up are kept, so the grid search is tested over every node.
            let edges = (0..<max(0, n - 1)).map { (from: $0, to: $0 + 1, seconds: 1.0) }
            let g = StreetGraph(lats: lats, lons: lons, edges: edges, parameters: StreetParameters(islandNodeLimit: 1))
            for _ in 0..<40 {
                let p = Coordinate(
                    lat: lat0 + Double.random(in: -span...(2 * span), using: &rng),
                    lon: lon0 + Double.random(in: -span...(2 * span), using: &rng))
                let limit = Double.random(in: 10...3000, using: &rng)
                let brute = (0..<g.nodeCount).map { (node: $0, metres: p.distance(to: g.coordinate(of: $0))) }
                    .filter { $0.metres <= limit }.min { ($0.metres, $0.node) < ($1.metres, $1.node) }
                let snap = g.snap(p, maxMetres: limit)
                #expect(snap?.node == brute?.node && snap?.metres == brute?.metres)
            }
        }
    }

    @Test func smallIslandsAreNotSnappedTo() throws {
        // A 50-node chain and, nearer the query point, an isolated 2-node stub.
        var lats = (0..<50).map { _ in 0.0 }, lons = (0..<50).map { Double($0) * 0.0005 }
        lats += [0.001, 0.001]
        lons += [0.0, 0.0001]
        let edges =
            (0..<49).flatMap { [(from: $0, to: $0 + 1, seconds: 1.0), (from: $0 + 1, to: $0, seconds: 1.0)] }
            + [(from: 50, to: 51, seconds: 1.0), (from: 51, to: 50, seconds: 1.0)]
        let g = StreetGraph(lats: lats, lons: lons, edges: edges)
        let s = try #require(g.snap(Coordinate(lat: 0.0009, lon: 0)))
        #expect(s.node == 0)
        let keepAll = StreetGraph(lats: lats, lons: lons, edges: edges, parameters: StreetParameters(islandNodeLimit: 1))
        #expect(keepAll.snap(Coordinate(lat: 0.0009, lon: 0))?.node == 50)
        // A one-way spur off the chain can be left but never reached: not snapped to either.
        let spur = StreetGraph(lats: lats, lons: lons, edges: Array(edges.dropLast(2)) + [(from: 50, to: 0, seconds: 1.0)])
        #expect(spur.snap(Coordinate(lat: 0.0009, lon: 0))?.node == 0)
    }

    /// Issue 21, defect 1: a 50-node one-way loop that the main grid enters but cannot leave, with a
    /// point beside it. Snapped to the loop, the point could be reached but never left; it snaps to
    /// the grid, and its time to the grid's far corner is finite.
    @Test func aPointBesideAOneWayTrapSnapsToThePieceThatReachesTheMost() throws {
        var lats: [Double] = [], lons: [Double] = []
        var edges: [(from: Int, to: Int, seconds: Double)] = []
        // A 10 × 10 two-way grid, 0.001° apart, nodes 0…99.
        for r in 0..<10 {
            for c in 0..<10 {
                lats.append(Double(r) * 0.001)
                lons.append(Double(c) * 0.001)
                let v = r * 10 + c
                if c < 9 { edges += [(v, v + 1, 10), (v + 1, v, 10)] }
                if r < 9 { edges += [(v, v + 10, 10), (v + 10, v, 10)] }
            }
        }
        // The loop, nodes 100…149, on a circle east of the grid, one way round; the grid's node 9
        // leads into it and nothing leads out.
        for k in 0..<50 {
            let a = Double(k) / 50 * 2 * .pi
            lats.append(0.0045 + 0.002 * sin(a))
            lons.append(0.0140 + 0.002 * cos(a))
            edges.append((100 + k, 100 + (k + 1) % 50, 5))
        }
        edges.append((9, 100 + 25, 5))
        let beside = Coordinate(lat: 0.0045, lon: 0.0160 + 0.00002)
        let g = StreetGraph(mode: .car, lats: lats, lons: lons, edges: edges)
        let snap = try #require(g.snap(beside, maxMetres: 2_000))
        #expect(snap.node < 100, "snapped to the grid, not the loop")
        let farCorner = g.snap(Coordinate(lat: 0.009, lon: 0))
        let times = g.travelTimes(from: [snap], to: [farCorner], maxSeconds: 3_600)
        #expect(times[0][0] != nil)
        // Under the island rule of other planners the loop (50 ≥ 40 nodes) is kept and the point is stranded.
        let pruned = StreetGraph(
            mode: .car, lats: lats, lons: lons, edges: edges, parameters: StreetParameters(islandNodeLimit: 40))
        let stranded = try #require(pruned.snap(beside, maxMetres: 2_000))
        #expect(stranded.node >= 100)
        #expect(pruned.travelTimes(from: [stranded], to: [farCorner], maxSeconds: 3_600)[0][0] == nil)
    }
}
