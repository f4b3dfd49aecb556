import CentresCore
import CentresIO
import SQLKit
import Vapor

/// The areas' outlines, parsed once and kept between requests: parsing 538 GeoJSON outlines costs
/// more than drawing the map or finding which area a point lies in.
///
/// Each use first reads a fingerprint of the stored outlines (how many, and their total length),
/// a single small query, so an import by another process (`centres import --replace`) is picked
/// up on the next request rather than serving stale shapes.
actor BoundaryCache {
    struct Outline: Sendable {
        let boundary: AreaBoundary
        let minLat: Double, maxLat: Double, minLon: Double, maxLon: Double
    }

    private var fingerprint: String?
    private var outlines: [Outline] = []

    func outlines(_ q: DirectoryQueries) async throws -> [Outline] {
        let current = try await Self.fingerprint(q)
        if current == fingerprint { return outlines }
        var parsed: [Outline] = []
        for (code, geometry) in try await q.boundaries() {
            let b = try GeoJSONBoundaries.boundary(code: code, geometryJSON: geometry)
            let points = b.polygons.joined().joined()
            parsed.append(
                Outline(
                    boundary: b, minLat: points.map(\.lat).min() ?? 0, maxLat: points.map(\.lat).max() ?? 0,
                    minLon: points.map(\.lon).min() ?? 0, maxLon: points.map(\.lon).max() ?? 0))
        }
        outlines = parsed
        fingerprint = current
        return parsed
    }

    /// The code of the area whose outline contains `point`, if any.
    func area(containing point: Coordinate, _ q: DirectoryQueries) async throws -> String? {
        try await outlines(q).first { o in
            (o.minLat...o.maxLat).contains(point.lat) && (o.minLon...o.maxLon).contains(point.lon)
                && o.boundary.contains(point)
        }?.boundary.code
    }

    private struct Fingerprint: Decodable {
        var n: Int
        var bytes: Int?
    }

    private static func fingerprint(_ q: DirectoryQueries) async throws -> String {
        let row = try await q.sql.raw("SELECT COUNT(boundary) AS n, SUM(LENGTH(boundary)) AS bytes FROM areas")
            .first(decoding: Fingerprint.self)
        return "\(row?.n ?? 0)/\(row?.bytes ?? 0)"
    }
}

extension Application {
    private struct BoundaryCacheKey: StorageKey {
        typealias Value = BoundaryCache
    }

    /// Set once in `configure`, before any request, so reading it needs no lock.
    var boundaryCache: BoundaryCache {
        get { storage[BoundaryCacheKey.self]! }
        set { storage[BoundaryCacheKey.self] = newValue }
    }
}
