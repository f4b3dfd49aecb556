import CentresCore
import CentresIO
import SQLKit
import Vapor

/// The areas' outlines, parsed once and kept between requests: parsing 538 GeoJSON outlines costs
/// more than drawing the map or finding which area a point lies in. Rebuilt when the pack
/// changes (`PackCache`).
struct BoundaryCache: Sendable {
    struct Outline: Sendable {
        let boundary: AreaBoundary
        let minLat: Double, maxLat: Double, minLon: Double, maxLon: Double
    }

    private let cache = PackCache<[Outline]> { q in
        var parsed: [Outline] = []
        for (code, geometry) in try await q.boundaries() {
            let b = try GeoJSONBoundaries.boundary(code: code, geometryJSON: geometry)
            let points = b.polygons.joined().joined()
            parsed.append(
                Outline(
                    boundary: b, minLat: points.map(\.lat).min() ?? 0, maxLat: points.map(\.lat).max() ?? 0,
                    minLon: points.map(\.lon).min() ?? 0, maxLon: points.map(\.lon).max() ?? 0))
        }
        return parsed
    }

    func outlines(_ q: DirectoryQueries) async throws -> [Outline] { try await cache.value(q) }

    /// The code of the area whose outline contains `point`, if any.
    func area(containing point: Coordinate, _ q: DirectoryQueries) async throws -> String? {
        try await outlines(q).first { o in
            (o.minLat...o.maxLat).contains(point.lat) && (o.minLon...o.maxLon).contains(point.lon)
                && o.boundary.contains(point)
        }?.boundary.code
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
