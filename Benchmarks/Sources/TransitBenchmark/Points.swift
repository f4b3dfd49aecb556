import BenchmarkSupport
import CentresCore
import CentresTestSupport
import Foundation
import TravelTime

/// Seeded benchmark points over a timetable's area.
enum Points {
    /// The bounding box of the stops that have a position.
    static func stopBox(_ timetable: Timetable) -> BoundingBox {
        let c = timetable.stops.map(\.coordinate).filter { $0.lat.isFinite && $0.lon.isFinite }
        return BoundingBox(
            minLat: c.map(\.lat).min()!, minLon: c.map(\.lon).min()!, maxLat: c.map(\.lat).max()!,
            maxLon: c.map(\.lon).max()!)
    }

    /// Uniform in the stops' bounding box: the harder, more honest spread, since it includes sea and
    /// woods far from any stop (those points are unreachable, and cost little).
    static func uniform(_ count: Int, in box: BoundingBox, rng: inout SeededGenerator) -> [(id: String, point: Coordinate)] {
        (0..<count).map { i in
            let p = Coordinate(
                lat: Double.random(in: box.minLat...box.maxLat, using: &rng),
                lon: Double.random(in: box.minLon...box.maxLon, using: &rng))
            return ("p\(i)", p)
        }
    }

    /// Within `metres` of a random stop: where people live, and every point has a stop to walk to.
    static func nearStops(
        _ count: Int, timetable: Timetable, metres: Double, rng: inout SeededGenerator
    ) -> [(id: String, point: Coordinate)] {
        let stops = timetable.stops.map(\.coordinate).filter { $0.lat.isFinite && $0.lon.isFinite }
        return (0..<count).map { i in
            let s = stops.randomElement(using: &rng)!
            // Uniform over the disc: radius ∝ √u.
            let r = metres * Double.random(in: 0...1, using: &rng).squareRoot()
            let a = Double.random(in: 0..<(2 * .pi), using: &rng)
            let dLat = r * cos(a) / 111_195, dLon = r * sin(a) / (111_195 * cos(s.lat * .pi / 180))
            return ("p\(i)", Coordinate(lat: s.lat + dLat, lon: s.lon + dLon))
        }
    }
}
