/// A point on a flat drawing surface (pixels, metres of a projected grid).
public struct PlanePoint: Hashable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// Line simplification: drop the points a drawing would not show.
///
/// Douglas–Peucker (Douglas & Peucker, 1973): keep the end points, find the point farthest from
/// the segment between them, and recurse on both halves if it is farther than `tolerance`;
/// otherwise drop everything between. Every dropped point lies within `tolerance` of the result.
public enum Simplify {
    /// - Complexity: O(n log n) typically, O(n²) in the worst case, for n points; iterative, so
    ///   long lines cannot overflow the stack.
    public static func douglasPeucker(_ points: [PlanePoint], tolerance: Double) -> [PlanePoint] {
        guard points.count > 2 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        while let (first, last) = stack.popLast() {
            guard last > first + 1 else { continue }
            var farthest = first, distance = -1.0
            for i in (first + 1)..<last {
                let d = segmentDistance(points[i], points[first], points[last])
                if d > distance { (farthest, distance) = (i, d) }
            }
            if distance > tolerance {
                keep[farthest] = true
                stack.append((first, farthest))
                stack.append((farthest, last))
            }
        }
        return points.indices.filter { keep[$0] }.map { points[$0] }
    }

    /// Simplifies a closed ring, keeping it a ring of at least four points (first == last).
    public static func ring(_ points: [PlanePoint], tolerance: Double) -> [PlanePoint] {
        guard points.count > 4 else { return points }
        // Split at the point farthest from the start so that a closed ring has two real ends.
        let start = points[0]
        let split = points.indices.max { distance(points[$0], start) < distance(points[$1], start) }!
        let a = douglasPeucker(Array(points[0...split]), tolerance: tolerance)
        let b = douglasPeucker(Array(points[split...]), tolerance: tolerance)
        let result = a + b.dropFirst()
        return result.count >= 4 ? result : points
    }

    static func distance(_ p: PlanePoint, _ q: PlanePoint) -> Double {
        ((p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y)).squareRoot()
    }

    /// Distance from `p` to the segment `a`–`b`.
    static func segmentDistance(_ p: PlanePoint, _ a: PlanePoint, _ b: PlanePoint) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        guard length2 > 0 else { return distance(p, a) }
        let t = max(0, min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2))
        return distance(p, PlanePoint(x: a.x + t * dx, y: a.y + t * dy))
    }
}
