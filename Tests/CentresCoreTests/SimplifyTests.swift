import CentresTestSupport
import Testing

@testable import CentresCore

@Suite struct SimplifyTests {
    @Test func collinearPointsAreDroppedAndCornersKept() {
        let line = [(0.0, 0.0), (1, 0.01), (2, 0), (3, 0), (3, 1), (3, 2)].map { PlanePoint(x: $0.0, y: $0.1) }
        let kept = Simplify.douglasPeucker(line, tolerance: 0.1)
        #expect(kept == [PlanePoint(x: 0, y: 0), PlanePoint(x: 3, y: 0), PlanePoint(x: 3, y: 2)])
    }

    /// Every dropped point lies within the tolerance of the simplified line, and the ends stay.
    @Test func droppedPointsStayWithinTolerance() {
        var rng = SeededGenerator(seed: 1973)
        for _ in 0..<200 {
            var y = 0.0
            let line = (0..<60).map { i -> PlanePoint in
                y += Double.random(in: -1...1, using: &rng)
                return PlanePoint(x: Double(i), y: y)
            }
            let tolerance = Double.random(in: 0.1...3, using: &rng)
            let kept = Simplify.douglasPeucker(line, tolerance: tolerance)
            #expect(kept.first == line.first && kept.last == line.last)
            for p in line {
                let nearest = zip(kept, kept.dropFirst()).map { Simplify.segmentDistance(p, $0, $1) }.min()!
                #expect(nearest <= tolerance + 1e-9)
            }
        }
    }

    @Test func ringsStayClosedWithAtLeastFourPoints() {
        let square = [(0.0, 0.0), (0.5, 0), (1, 0), (1, 1), (0, 1), (0, 0)].map { PlanePoint(x: $0.0, y: $0.1) }
        let r = Simplify.ring(square, tolerance: 0.01)
        #expect(r.first == r.last)
        #expect(r.count == 5)
        let tiny = [(0.0, 0.0), (0.01, 0), (0.01, 0.01), (0, 0.01), (0, 0)].map { PlanePoint(x: $0.0, y: $0.1) }
        #expect(Simplify.ring(tiny, tolerance: 5).count >= 4)
    }
}
