import CentresCore

/// How one origin or destination met the street network.
public struct SnapReport: Hashable, Sendable {
    public var id: String
    /// Straight-line metres to the nearest usable street node; nil when none is within reach,
    /// in which case the point is unreachable (reported, never dropped).
    public var metres: Double?
    /// The map's id of the node it snapped to (synthetic graphs number nodes from 0).
    public var node: Int64? = nil
}

/// Street travel-time matrices (walk, cycle, car) over a `StreetGraph`.
public enum StreetMatrix {
    /// Two points closer to each other than to the street walk straight across (a point to itself
    /// is 0) instead of out to the network and back. Both must have snapped.
    static func walksStraightAcross(metres: Double, _ a: Snap?, _ b: Snap?, rules: WalkRules) -> Bool {
        guard rules.straightAcross, let a, let b else { return false }
        return metres <= a.metres + b.metres
    }

    /// - Complexity: one early-exit Dijkstra per distinct origin node (see `StreetGraph.travelTimes`).
    public static func compute(
        graph: StreetGraph, origins: [(id: String, point: Coordinate)], destinations: [(id: String, point: Coordinate)],
        maxMinutes: Double, rules: WalkRules = .init(), precision: TimePrecision = .tenths, inputs: [MatrixInput] = []
    ) -> (matrix: TravelTimeMatrix, origins: [SnapReport], destinations: [SnapReport]) {
        let o = origins.map { graph.snap($0.point, maxMetres: rules.snapMetres) }
        let d = destinations.map { graph.snap($0.point, maxMetres: rules.snapMetres) }
        let seconds = graph.travelTimes(from: o.map(rules.routed), to: d.map(rules.routed), maxSeconds: maxMinutes * 60)
        var values: [Double?] = []
        for i in origins.indices {
            for j in destinations.indices {
                var best = seconds[i][j]
                let metres = origins[i].point.distance(to: destinations[j].point)
                let across = metres / graph.accessMetresPerSecond
                if Self.walksStraightAcross(metres: metres, o[i], d[j], rules: rules), across <= maxMinutes * 60 {
                    best = min(best ?? .infinity, across)
                }
                values.append(best.map { precision.minutes(seconds: $0) })
            }
        }
        let mode: TravelMode =
            switch graph.mode {
            case .walk: .walk
            case .cycle: .cycle
            case .car: .car
            }
        let metadata = MatrixMetadata(
            mode: mode, method: .network, inputs: inputs,
            parameters: rules.parameters.merging([
                "walk_kmh_to_street": "\(graph.accessMetresPerSecond * 3.6)",
                "snap_to": graph.islandNodeLimit.map { "pieces of at least \($0) nodes" }
                    ?? "the largest strongly connected piece",
                "graph_nodes": "\(graph.nodeCount)", "graph_edges": "\(graph.edgeCount)",
                "method_note": "shortest paths over the OpenStreetMap street network",
            ]) { $1 }, maxMinutes: maxMinutes, precision: precision)
        return (
            TravelTimeMatrix(
                origins: origins.map(\.id), destinations: destinations.map(\.id),
                layers: [.init(name: "minutes", values: values)],
                metadata: metadata),
            zip(origins, o).map { SnapReport(id: $0.id, metres: $1?.metres, node: $1.map { graph.osmIDs[$0.node] }) },
            zip(destinations, d).map { SnapReport(id: $0.id, metres: $1?.metres, node: $1.map { graph.osmIDs[$0.node] }) }
        )
    }
}
