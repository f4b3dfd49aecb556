import CentresCore
import Foundation

/// Origins or destinations as CSV: `id,lat,lon` (WGS84), one point per row, ids unique.
public enum PointsFile {
    public static func read(url: URL) throws(InputError) -> [(id: String, point: Coordinate)] {
        let file = url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputError(file: file, message: "cannot be read: \(error.localizedDescription)")
        }
        let reader = try TableReader(file: file, table: CSVTable.parse(data, file: file), columns: ["id", "lat", "lon"])
        var seen: [String: Int] = [:]
        var points: [(id: String, point: Coordinate)] = []
        for row in reader.rows {
            let id = try row.required("id")
            if let first = seen[id] { throw row.error("id", "'\(id)' is a duplicate of line \(first)") }
            seen[id] = row.line
            guard let point = try row.coordinate(lat: "lat", lon: "lon", within: nil) else {
                throw row.error("lat", "a value is required")
            }
            points.append((id, point))
        }
        if points.isEmpty { throw InputError(file: file, line: 2, message: "the file has a header but no points") }
        return points
    }
}
