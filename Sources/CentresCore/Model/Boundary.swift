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
