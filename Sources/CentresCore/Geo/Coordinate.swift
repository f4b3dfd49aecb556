import Foundation

/// A WGS84 position in decimal degrees.
public struct Coordinate: Hashable, Sendable, Codable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Whether both parts are finite and within the valid ranges of latitude and longitude.
    public var isValid: Bool {
        lat.isFinite && lon.isFinite && (-90...90).contains(lat) && (-180...180).contains(lon)
    }

    /// Mean Earth radius (IUGG), in metres.
    public static let earthRadius = 6_371_008.8

    /// Great-circle (haversine) distance in metres.
    /// - Complexity: O(1).
    public func distance(to other: Coordinate) -> Double {
        let φ1 = lat * .pi / 180, φ2 = other.lat * .pi / 180
        let dφ = φ2 - φ1
        let dλ = (other.lon - lon) * .pi / 180
        let h = sin(dφ / 2) * sin(dφ / 2) + cos(φ1) * cos(φ2) * sin(dλ / 2) * sin(dλ / 2)
        return 2 * Coordinate.earthRadius * asin(min(1, sqrt(h)))
    }
}

/// A latitude/longitude rectangle, used to reject coordinates far outside a county.
public struct BoundingBox: Hashable, Sendable, Codable {
    public var minLat: Double, minLon: Double, maxLat: Double, maxLon: Double

    public init(minLat: Double, minLon: Double, maxLat: Double, maxLon: Double) {
        self.minLat = minLat
        self.minLon = minLon
        self.maxLat = maxLat
        self.maxLon = maxLon
    }

    public func contains(_ c: Coordinate) -> Bool {
        (minLat...maxLat).contains(c.lat) && (minLon...maxLon).contains(c.lon)
    }

    /// The box a pack manifest gives (`min_lat`, `min_lon`, `max_lat`, `max_lon`), if it gives one.
    public init?(manifest: [String: String]) {
        guard let a = manifest["min_lat"].flatMap(Double.init), let b = manifest["min_lon"].flatMap(Double.init),
            let c = manifest["max_lat"].flatMap(Double.init), let d = manifest["max_lon"].flatMap(Double.init)
        else { return nil }
        self.init(minLat: a, minLon: b, maxLat: c, maxLon: d)
    }
}
