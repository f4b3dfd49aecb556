import CentresCore
import Foundation

/// Area outlines as a GeoJSON FeatureCollection of Polygon/MultiPolygon features, each with a
/// `code` property naming an area. Decoded with `JSONDecoder`, which reads every number exactly,
/// so writing and reading back loses nothing.
public enum GeoJSONBoundaries {
    struct Collection: Decodable {
        var type: String
        var features: [Feature]
    }

    struct Feature: Decodable {
        struct Properties: Decodable { var code: String? }
        var properties: Properties?
        var geometry: Geometry?
    }

    struct Geometry: Decodable {
        var type: String
        var polygons: [[[[Double]]]]

        enum Keys: String, CodingKey { case type, coordinates }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            type = try c.decode(String.self, forKey: .type)
            switch type {
            case "Polygon": polygons = [try c.decode([[[Double]]].self, forKey: .coordinates)]
            case "MultiPolygon": polygons = try c.decode([[[[Double]]]].self, forKey: .coordinates)
            default: polygons = []
            }
        }
    }

    public static func read(url: URL, areaCodes: Set<String>) throws(InputError) -> [AreaBoundary] {
        let file = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError(file: file, message: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(data, file: file, areaCodes: areaCodes)
    }

    public static func parse(_ data: Data, file: String, areaCodes: Set<String>) throws(InputError) -> [AreaBoundary] {
        let collection: Collection
        do { collection = try JSONDecoder().decode(Collection.self, from: data) } catch let DecodingError.typeMismatch(_, context)
        {
            throw InputError(
                file: file, column: path(context.codingPath), message: "has the wrong shape: \(context.debugDescription)")
        } catch let DecodingError.keyNotFound(key, context) {
            throw InputError(file: file, column: path(context.codingPath), message: "is missing '\(key.stringValue)'")
        } catch {
            throw InputError(file: file, message: "is not valid GeoJSON")
        }
        guard collection.type == "FeatureCollection" else {
            throw InputError(file: file, message: "must be a GeoJSON FeatureCollection")
        }
        var seen = Set<String>()
        var result: [AreaBoundary] = []
        for (i, feature) in collection.features.enumerated() {
            func fail(_ message: String) -> InputError { InputError(file: file, column: "features[\(i)]", message: message) }
            guard let code = feature.properties?.code else { throw fail("each feature needs a string property 'code'") }
            guard areaCodes.contains(code) else { throw fail("unknown area code '\(code)'") }
            guard seen.insert(code).inserted else { throw fail("a second outline for area '\(code)'") }
            guard let geometry = feature.geometry else { throw fail("the feature has no geometry") }
            guard geometry.type == "Polygon" || geometry.type == "MultiPolygon" else {
                throw fail("geometry type '\(geometry.type)' is not Polygon or MultiPolygon")
            }
            var polygons: [[[Coordinate]]] = []
            for polygon in geometry.polygons {
                var rings: [[Coordinate]] = []
                for ring in polygon {
                    guard ring.count >= 4 else { throw fail("a ring needs at least 4 positions") }
                    var points: [Coordinate] = []
                    for p in ring {
                        guard p.count >= 2 else { throw fail("a position must be [longitude, latitude]") }
                        points.append(Coordinate(lat: p[1], lon: p[0]))
                    }
                    rings.append(points)
                }
                polygons.append(rings)
            }
            result.append(AreaBoundary(code: code, isMulti: geometry.type == "MultiPolygon", polygons: polygons))
        }
        return result
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
    }

    /// The geometry as compact GeoJSON (used in the database and in exports).
    public static func geometryJSON(_ b: AreaBoundary) -> String {
        func ring(_ r: [Coordinate]) -> String { "[" + r.map { "[\($0.lon),\($0.lat)]" }.joined(separator: ",") + "]" }
        func polygon(_ p: [[Coordinate]]) -> String { "[" + p.map(ring).joined(separator: ",") + "]" }
        if b.isMulti {
            return "{\"type\":\"MultiPolygon\",\"coordinates\":[" + b.polygons.map(polygon).joined(separator: ",") + "]}"
        }
        return "{\"type\":\"Polygon\",\"coordinates\":" + polygon(b.polygons.first ?? []) + "}"
    }

    /// Parses the output of `geometryJSON` back into a boundary.
    public static func boundary(code: String, geometryJSON: String) throws(InputError) -> AreaBoundary {
        let doc =
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":"
            + jsonString(code) + "},\"geometry\":" + geometryJSON + "}]}"
        return try parse(Data(doc.utf8), file: "boundary of \(code)", areaCodes: [code])[0]
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    public static func write(_ boundaries: [AreaBoundary]) -> String {
        let features = boundaries.sorted { $0.code < $1.code }.map {
            "{\"type\":\"Feature\",\"properties\":{\"code\":\(jsonString($0.code))},\"geometry\":\(geometryJSON($0))}"
        }
        return "{\"type\":\"FeatureCollection\",\"features\":[\n" + features.joined(separator: ",\n") + "\n]}\n"
    }
}
