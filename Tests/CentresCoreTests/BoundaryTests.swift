import CentresCore
import CentresTestSupport
import Testing

@Suite struct BoundaryContainsTests {
    func ring(_ points: [(Double, Double)]) -> [Coordinate] { points.map { Coordinate(lat: $0.1, lon: $0.0) } }

    @Test func squareWithAHoleAndASecondPolygon() {
        let outer = ring([(0, 0), (4, 0), (4, 4), (0, 4), (0, 0)])
        let hole = ring([(1, 1), (3, 1), (3, 3), (1, 3), (1, 1)])
        let island = ring([(10, 10), (11, 10), (11, 11), (10, 11), (10, 10)])
        let b = AreaBoundary(code: "A", isMulti: true, polygons: [[outer, hole], [island]])
        #expect(b.contains(Coordinate(lat: 0.5, lon: 0.5)))
        #expect(!b.contains(Coordinate(lat: 2, lon: 2)))  // in the hole
        #expect(b.contains(Coordinate(lat: 10.5, lon: 10.5)))  // in the second polygon
        #expect(!b.contains(Coordinate(lat: 5, lon: 5)))
        #expect(!b.contains(Coordinate(lat: -0.5, lon: 2)))
    }

    @Test func triangleAgreesWithBarycentricTestOnSeededPoints() {
        var rng = SplitMix64(seed: 2019)
        for _ in 0..<50 {
            let p = (0..<3).map { _ in (Double.random(in: 0...1, using: &rng), Double.random(in: 0...1, using: &rng)) }
            let b = AreaBoundary(code: "T", isMulti: false, polygons: [[ring(p + [p[0]])]])
            let area = (p[1].0 - p[0].0) * (p[2].1 - p[0].1) - (p[2].0 - p[0].0) * (p[1].1 - p[0].1)
            guard abs(area) > 1e-3 else { continue }
            for _ in 0..<100 {
                let x = Double.random(in: -0.2...1.2, using: &rng), y = Double.random(in: -0.2...1.2, using: &rng)
                // Signs of the three edge cross products agree exactly when the point is inside.
                let s = (0..<3).map { k -> Double in
                    let a = p[k], c = p[(k + 1) % 3]
                    return (c.0 - a.0) * (y - a.1) - (c.1 - a.1) * (x - a.0)
                }
                guard s.allSatisfy({ abs($0) > 1e-9 }) else { continue }
                let inside = s.allSatisfy { $0 > 0 } || s.allSatisfy { $0 < 0 }
                #expect(b.contains(Coordinate(lat: y, lon: x)) == inside)
            }
        }
    }
}
