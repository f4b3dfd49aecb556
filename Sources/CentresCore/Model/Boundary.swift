/// An area's outline: one or more polygons, each a list of rings (outer first), in WGS84.
public struct AreaBoundary: Hashable, Sendable, Codable {
    public var code: String
    /// True when the source was a GeoJSON MultiPolygon (kept so that export is lossless).
    public var isMulti: Bool
    public var polygons: [[[Coordinate]]]

    public init(code: String, isMulti: Bool, polygons: [[[Coordinate]]]) {
        self.code = code
        self.isMulti = isMulti
        self.polygons = polygons
    }
}

extension AreaBoundary {
    /// Whether `point` lies inside the outline: inside a polygon's outer ring and outside its holes.
    ///
    /// Even–odd ray casting over all of a polygon's rings (a hole's crossings cancel the outer
    /// ring's), with longitude and latitude as plane coordinates: exact enough for areas a few
    /// kilometres across. A point exactly on an edge may fall either side.
    /// - Complexity: O(vertices).
    public func contains(_ point: Coordinate) -> Bool {
        polygons.contains { rings in
            var inside = false
            for ring in rings where ring.count >= 3 {
                var j = ring.count - 1
                for i in ring.indices {
                    let a = ring[i], b = ring[j]
                    if (a.lat > point.lat) != (b.lat > point.lat),
                        point.lon < (b.lon - a.lon) * (point.lat - a.lat) / (b.lat - a.lat) + a.lon
                    {
                        inside.toggle()
                    }
                    j = i
                }
            }
            return inside
        }
    }
}
