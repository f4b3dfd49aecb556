import CentresCore
import CentresTestSupport
import Testing
import TravelTime

/// Random directed graphs: sparse or dense, with zero costs, parallel edges and self-loops.
func randomGraph(_ rng: inout SplitMix64) -> (n: Int, edges: [(from: Int, to: Int, seconds: Double)]) {
    let n = Int.random(in: 1...40, using: &rng)
    let m = Int.random(in: 0...(n * Int.random(in: 1...5, using: &rng)), using: &rng)
    let edges = (0..<m).map { _ in
        (
            from: Int.random(in: 0..<n, using: &rng), to: Int.random(in: 0..<n, using: &rng),
            seconds: Bool.random(using: &rng)
                ? Double(Int.random(in: 0...100, using: &rng)) : Double.random(in: 0...100, using: &rng)
        )
    }
    return (n, edges)
}

/// All-pairs shortest paths by Bellman–Ford from each source: slow, simple and independent of the heap.
func bellmanFord(n: Int, edges: [(from: Int, to: Int, seconds: Double)]) -> [[Double]] {
    (0..<n).map { s in
        var d = [Double](repeating: .infinity, count: n)
        d[s] = 0
        for _ in 0..<n {
            var changed = false
            for e in edges where d[e.from] + Double(Float(e.seconds)) < d[e.to] {
                d[e.to] = d[e.from] + Double(Float(e.seconds))  // the graph stores costs as Float
                changed = true
            }
            if !changed { break }
        }
        return d
    }
}

@Suite struct DijkstraOracleTests {
    @Test func matchesBellmanFordOn200RandomGraphs() {
        var rng = SplitMix64(seed: 1959)
        for _ in 0..<200 {
            let (n, edges) = randomGraph(&rng)
            let g = StreetGraph(lats: Array(repeating: 0, count: n), lons: (0..<n).map { Double($0) * 1e-3 }, edges: edges)
            let limit = Bool.random(using: &rng) ? 1e9 : Double.random(in: 0...150, using: &rng)
            // Every node as an origin, plus a few repeats with longer walks (they share a search),
            // and a nil. Destinations shuffled, with a repeat and a nil, to exercise the early exit.
            let walk = StreetParameters().walkMetresPerSecond
            var origins = (0..<n).map { Optional(Snap(node: $0, metres: 0)) }
            for _ in 0..<3 {
                origins.append(Snap(node: Int.random(in: 0..<n, using: &rng), metres: Double.random(in: 0...60, using: &rng)))
            }
            origins.append(nil)
            var targets = (0..<n).map { Optional(Snap(node: $0, metres: Double.random(in: 0...20, using: &rng))) }
            targets.shuffle(using: &rng)
            targets += [targets[0], nil]
            // Both directions explicitly (the automatic choice picks one of them from the counts).
            let direction: SearchDirection = Bool.random(using: &rng) ? .forward : .backward
            if Bool.random(using: &rng) { targets = Array(targets.prefix(Int.random(in: 0...n, using: &rng))) }
            let times = g.travelTimes(from: origins, to: targets, maxSeconds: limit, direction: direction)
            let oracle = bellmanFord(n: n, edges: edges)
            for (i, o) in origins.enumerated() {
                for (j, t) in targets.enumerated() {
                    guard let o, let t else {
                        #expect(times[i][j] == nil)
                        continue
                    }
                    let truth = o.metres / walk + oracle[o.node][t.node] + t.metres / walk
                    if truth <= limit {
                        #expect(times[i][j] != nil && abs(times[i][j]! - truth) <= 1e-9 * max(1, truth))
                    } else {
                        #expect(times[i][j] == nil)
                    }
                }
            }
        }
    }

    @Test func automaticDirectionSearchesFromTheSmallerSide() {
        // One-way streets: 0 → 1 → 2 and a slow 2 → 0. A backward search must follow them the right way round.
        let g = StreetGraph(lats: [0, 0, 0], lons: [0, 0.001, 0.002], edges: [(0, 1, 10), (1, 2, 20), (2, 0, 100)])
        let snaps = (0..<3).map { Optional(Snap(node: $0, metres: 0)) }
        let expected: [[Double?]] = [[0, 10, 30], [120, 0, 20], [100, 110, 0]]
        for direction in SearchDirection.allCases {
            #expect(g.travelTimes(from: snaps, to: snaps, maxSeconds: 1000, direction: direction) == expected)
        }
        // Three origins, one destination: automatic goes backward; the answer is the same column.
        #expect(g.travelTimes(from: snaps, to: [snaps[0]], maxSeconds: 1000) == [[0], [120], [100]])
        #expect(g.travelTimes(from: snaps, to: [snaps[0]], maxSeconds: 110) == [[0], [nil], [100]])
    }

    @Test func resultsAreDeterministic() {
        var rng = SplitMix64(seed: 42)
        let (n, edges) = {
            var r = SplitMix64(seed: 7)
            let n = 3000
            return (
                n,
                (0..<12_000).map { _ in
                    (
                        from: Int.random(in: 0..<n, using: &r), to: Int.random(in: 0..<n, using: &r),
                        seconds: Double.random(in: 1...60, using: &r)
                    )
                }
            )
        }()
        let g = StreetGraph(lats: Array(repeating: 0, count: n), lons: (0..<n).map { Double($0) * 1e-4 }, edges: edges)
        let origins = (0..<40).map { _ in Optional(Snap(node: Int.random(in: 0..<n, using: &rng), metres: 0)) }
        let destinations = (0..<60).map { _ in Optional(Snap(node: Int.random(in: 0..<n, using: &rng), metres: 0)) }
        let first = g.travelTimes(from: origins, to: destinations, maxSeconds: 90)
        for _ in 0..<3 { #expect(g.travelTimes(from: origins, to: destinations, maxSeconds: 90) == first) }
        let backward = g.travelTimes(from: destinations, to: origins, maxSeconds: 90, direction: .backward)
        #expect(backward == g.travelTimes(from: destinations, to: origins, maxSeconds: 90, direction: .backward))
        #expect(first.joined().contains { $0 != nil } && first.joined().contains { $0 == nil })
    }

    @Test func emptyInputs() {
        let g = StreetGraph(lats: [], lons: [], edges: [])
        #expect(g.travelTimes(from: [], to: [], maxSeconds: 10).isEmpty)
        #expect(g.travelTimes(from: [nil, Snap(node: 5, metres: 0)], to: [nil], maxSeconds: 10) == [[nil], [nil]])
        #expect(g.snap(Coordinate(lat: 0, lon: 0)) == nil)
        let line = StreetGraph(lats: [0, 0], lons: [0, 0.001], edges: [(0, 1, 5)])
        #expect(line.travelTimes(from: [Snap(node: 0, metres: 0)], to: [], maxSeconds: 10) == [[]])
        #expect(line.travelTimes(from: [], to: [Snap(node: 1, metres: 0)], maxSeconds: 10, direction: .backward).isEmpty)
        let bad = StreetGraph(lats: [0, 0], lons: [0, 0.001], edges: [(0, 7, 1), (0, 1, -1), (0, 1, .nan), (1, 0, 2)])
        #expect(bad.edgeCount == 1)
    }
}
