import CentresCore
import Foundation

/// Where a point joins the street graph: a node, and the straight-line distance to it.
///
/// Routing adds the time to walk `metres` at walking speed at each end (access and egress), for
/// every mode: a driver still walks from the door to the road.
public struct Snap: Hashable, Sendable {
    public var node: Int
    public var metres: Double

    public init(node: Int, metres: Double) {
        self.node = node
        self.metres = metres
    }
}

/// A uniform grid over the graph's nodes for nearest-node queries.
///
/// Positions are projected to metres on a plane with the east–west scale of the grid's most
/// poleward latitude, so planar distances never exceed true ones and the search can stop once
/// the next ring of cells is farther than the best true (haversine) distance found.
struct SnapIndex: Sendable {
    let minLat: Double, minLon: Double
    let metresPerDegreeLat: Double, metresPerDegreeLon: Double
    let cellMetres: Double
    let columns: Int, rows: Int
    /// Nodes of cell `c` are `cellNodes[cellStart[c]..<cellStart[c + 1]]`, ascending.
    let cellStart: [Int32]
    let cellNodes: [Int32]
    let lats: [Double], lons: [Double]

    init(lats: [Double], lons: [Double], include: [Bool]) {
        let nodes = lats.indices.filter { include[$0] && lats[$0].isFinite && lons[$0].isFinite }
        let minLat = nodes.map { lats[$0] }.min() ?? 0, maxLat = nodes.map { lats[$0] }.max() ?? 0
        let minLon = nodes.map { lons[$0] }.min() ?? 0, maxLon = nodes.map { lons[$0] }.max() ?? 0
        let perDegree = Coordinate.earthRadius * .pi / 180
        let lonScale = perDegree * max(0.01, cos(max(abs(minLat), abs(maxLat)) * .pi / 180))
        let width = (maxLon - minLon) * lonScale, height = (maxLat - minLat) * perDegree
        // About 100 m cells, coarser if that would mean more than ~4 million cells.
        let cell = max(100, (width * height / 4_000_000).squareRoot())
        let columns = Int(width / cell) + 1, rows = Int(height / cell) + 1
        self.minLat = minLat
        self.minLon = minLon
        self.metresPerDegreeLat = perDegree
        self.metresPerDegreeLon = lonScale
        self.cellMetres = cell
        self.columns = columns
        self.rows = rows
        self.lats = lats
        self.lons = lons
        var start = [Int32](repeating: 0, count: columns * rows + 1)
        var cellOf = [Int](repeating: 0, count: nodes.count)
        for (k, v) in nodes.enumerated() {
            let (cx, cy) = SnapIndex.cell(
                x: (lons[v] - minLon) * lonScale, y: (lats[v] - minLat) * perDegree, cell, columns, rows)
            cellOf[k] = cy * columns + cx
            start[cellOf[k] + 1] += 1
        }
        for c in 0..<(columns * rows) { start[c + 1] += start[c] }
        var next = start
        var cellNodes = [Int32](repeating: 0, count: nodes.count)
        for (k, v) in nodes.enumerated() {
            cellNodes[Int(next[cellOf[k]])] = Int32(v)
            next[cellOf[k]] += 1
        }
        self.cellStart = start
        self.cellNodes = cellNodes
    }

    static func cell(x: Double, y: Double, _ cell: Double, _ columns: Int, _ rows: Int) -> (Int, Int) {
        let cx = x.isFinite ? Int(max(0, min(Double(columns - 1), (x / cell).rounded(.down)))) : 0
        let cy = y.isFinite ? Int(max(0, min(Double(rows - 1), (y / cell).rounded(.down)))) : 0
        return (cx, cy)
    }

    /// The nearest indexed node within `maxMetres`, ties to the lower node number.
    /// - Complexity: O(k) for the k nodes in the cells within `maxMetres`, at worst.
    func nearest(_ c: Coordinate, maxMetres: Double) -> Snap? {
        guard c.isValid, !cellNodes.isEmpty, maxMetres >= 0 else { return nil }
        let x = (c.lon - minLon) * metresPerDegreeLon, y = (c.lat - minLat) * metresPerDegreeLat
        // Distance from the point to the grid's rectangle, a lower bound for every node.
        let outside = hypot(max(0, -x, x - Double(columns) * cellMetres), max(0, -y, y - Double(rows) * cellMetres))
        guard outside <= maxMetres * 1.01 else { return nil }
        let (cx, cy) = SnapIndex.cell(x: x, y: y, cellMetres, columns, rows)
        var best: Snap? = nil
        var ring = 0
        while true {
            // Every node in ring r is more than (r - 1) cells away in the plane (slightly less on the
            // sphere: allow 1%), so stop when that bound passes the best found or the limit.
            let bound = max(Double(ring - 1) * cellMetres, outside) * 0.99
            if bound > maxMetres || (best.map { bound > $0.metres } ?? false) { break }
            if cx - ring < 0 && cy - ring < 0 && cx + ring >= columns && cy + ring >= rows { break }
            for gy in (cy - ring)...(cy + ring) where gy >= 0 && gy < rows {
                let edge = gy == cy - ring || gy == cy + ring
                for gx in (cx - ring)...(cx + ring) where gx >= 0 && gx < columns && (edge || gx == cx - ring || gx == cx + ring)
                {
                    let cell = gy * columns + gx
                    for k in Int(cellStart[cell])..<Int(cellStart[cell + 1]) {
                        let v = Int(cellNodes[k])
                        let d = c.distance(to: Coordinate(lat: lats[v], lon: lons[v]))
                        if d <= maxMetres, best.map({ d < $0.metres || (d == $0.metres && v < $0.node) }) ?? true {
                            best = Snap(node: v, metres: d)
                        }
                    }
                }
            }
            ring += 1
        }
        return best
    }
}

extension StreetGraph {
    /// The nearest node to `c` within `maxMetres` (straight line), or nil if there is none — the
    /// caller must then report the place as unreachable, never drop it. Nodes on small islands
    /// (see `StreetParameters.islandNodeLimit`) are never chosen.
    /// - Complexity: O(k) for the k nodes within `maxMetres` at worst; O(1) typically.
    public func snap(_ c: Coordinate, maxMetres: Double = 500) -> Snap? {
        snapIndex.nearest(c, maxMetres: maxMetres)
    }
}
