import CentresCore

/// A directed street graph for one mode, in compressed sparse row (CSR) form.
///
/// Node `v`'s outgoing edges are `edges[firstEdge[v]..<firstEdge[v + 1]]`, each with its target and
/// cost in seconds. CSR keeps a county's graph in a few flat arrays (about 36 bytes per node and 8
/// per edge) and makes Dijkstra's inner loop a linear scan. Only nodes on ways the
/// mode may use are present; edges join consecutive nodes of a way, so curves keep their length.
public struct StreetGraph: Sendable {
    public let mode: StreetMode
    /// Node positions in degrees.
    public let lats: [Double]
    public let lons: [Double]
    /// The map's id of each node (synthetic graphs number them from 0).
    public let osmIDs: [Int64]
    /// The outgoing edges of every node.
    public let adjacency: StreetAdjacency
    /// Speed of the straight-line walk between a point and the node it snaps to.
    public let accessMetresPerSecond: Double
    /// The snapping rule it was built with (`StreetParameters.islandNodeLimit`).
    public let islandNodeLimit: Int?
    let snapIndex: SnapIndex

    public var nodeCount: Int { lats.count }
    public var edgeCount: Int { adjacency.edges.count }
    public var firstEdge: [Int] { adjacency.first }
    public var edges: [StreetEdge] { adjacency.edges }

    public func coordinate(of node: Int) -> Coordinate { Coordinate(lat: lats[node], lon: lons[node]) }

    /// A graph from explicit edges, for tests and synthetic benchmarks.
    /// Edges naming a node outside `0..<lats.count`, or with a negative or non-finite cost, are ignored.
    /// - Complexity: O(V + E).
    public init(
        mode: StreetMode = .walk, lats: [Double], lons: [Double], edges: [(from: Int, to: Int, seconds: Double)],
        parameters: StreetParameters = StreetParameters()
    ) {
        let n = min(lats.count, lons.count)
        let valid = edges.filter { e in
            (0..<n).contains(e.from) && (0..<n).contains(e.to) && e.seconds.isFinite && e.seconds >= 0
        }
        self.init(
            mode: mode, lats: Array(lats.prefix(n)), lons: Array(lons.prefix(n)), osmIDs: (0..<Int64(n)).map { $0 },
            from: valid.map { Int32($0.from) }, to: valid.map { Int32($0.to) }, seconds: valid.map { Float($0.seconds) },
            parameters: parameters)
    }

    /// The graph of the ways in `input` that `mode` may use.
    /// - Complexity: O(W log N + V + E) for W way nodes and N input nodes.
    public init(_ input: RoadNetworkInput, mode: StreetMode, parameters: StreetParameters = StreetParameters()) {
        var from: [Int32] = [], to: [Int32] = [], seconds: [Float] = []
        let count = min(input.nodeIDs.count, input.lats.count, input.lons.count)
        for way in input.ways {
            guard let dirs = StreetAccess.directions(mode, tags: way.tags) else { continue }
            let metresPerSecond = parameters.kmh(for: mode, tags: way.tags) / 3.6
            guard metresPerSecond > 0, metresPerSecond.isFinite else { continue }
            var previous: Int? = nil
            for id in way.nodeIDs {
                let current = input.index(of: id).flatMap { $0 < count ? $0 : nil }
                if let p = previous, let c = current, p != c {
                    let metres = Coordinate(lat: input.lats[p], lon: input.lons[p])
                        .distance(to: Coordinate(lat: input.lats[c], lon: input.lons[c]))
                    let cost = Float(metres / metresPerSecond)
                    if dirs.forward { from.append(Int32(p)); to.append(Int32(c)); seconds.append(cost) }
                    if dirs.backward { from.append(Int32(c)); to.append(Int32(p)); seconds.append(cost) }
                }
                previous = current
            }
        }
        // Renumber the input nodes that edges use, keeping input (OSM id) order so results are stable.
        var compact = [Int32](repeating: -1, count: count)
        for v in from { compact[Int(v)] = 0 }
        for v in to { compact[Int(v)] = 0 }
        var lats: [Double] = [], lons: [Double] = [], ids: [Int64] = []
        for i in 0..<count where compact[i] == 0 {
            compact[i] = Int32(ids.count)
            lats.append(input.lats[i])
            lons.append(input.lons[i])
            ids.append(input.nodeIDs[i])
        }
        for k in from.indices {
            from[k] = compact[Int(from[k])]
            to[k] = compact[Int(to[k])]
        }
        self.init(mode: mode, lats: lats, lons: lons, osmIDs: ids, from: from, to: to, seconds: seconds, parameters: parameters)
    }

    init(
        mode: StreetMode, lats: [Double], lons: [Double], osmIDs: [Int64], from: [Int32], to: [Int32], seconds: [Float],
        parameters: StreetParameters
    ) {
        let adjacency = StreetAdjacency(
            nodeCount: lats.count, from: from,
            edges: zip(to, seconds).map { StreetEdge(target: $0, seconds: $1) })
        self.mode = mode
        self.lats = lats
        self.lons = lons
        self.osmIDs = osmIDs
        self.adjacency = adjacency
        self.accessMetresPerSecond = parameters.walkMetresPerSecond
        self.islandNodeLimit = parameters.islandNodeLimit
        let snappable = StreetGraph.mainlandNodes(adjacency, islandNodeLimit: parameters.islandNodeLimit)
        self.snapIndex = SnapIndex(lats: lats, lons: lons, include: snappable)
    }
}
