/// One directed street segment: the node it leads to and how long it takes.
///
/// Target and cost sit side by side (8 bytes) so relaxing an edge reads one cache line rather than
/// one from each of two arrays: on a large graph Dijkstra spends most of its time waiting for these loads.
public struct StreetEdge: Sendable, Equatable {
    public var target: Int32
    public var seconds: Float

    public init(target: Int32, seconds: Float) {
        self.target = target
        self.seconds = seconds
    }
}

/// Each node's outgoing edges in compressed sparse row (CSR) form: node `v`'s edges are
/// `edges[first[v]..<first[v + 1]]`.
public struct StreetAdjacency: Sendable {
    public let first: [Int]
    public let edges: [StreetEdge]

    public var nodeCount: Int { first.count - 1 }

    /// Edges from `from[k]` along `edges[k]`, grouped by source with a counting sort. Stable: each
    /// node keeps its edges in input order, so searches (and their ties) do not depend on hashing.
    /// - Complexity: O(V + E).
    init(nodeCount n: Int, from: [Int32], edges input: [StreetEdge]) {
        var first = [Int](repeating: 0, count: n + 1)
        for v in from { first[Int(v) + 1] += 1 }
        for v in 0..<n { first[v + 1] += first[v] }
        var next = first
        var edges = [StreetEdge](repeating: StreetEdge(target: 0, seconds: 0), count: input.count)
        for k in input.indices {
            let u = Int(from[k])
            edges[next[u]] = input[k]
            next[u] += 1
        }
        self.first = first
        self.edges = edges
    }

    /// Every edge turned round: searching it from a destination gives the times *to* that destination.
    /// - Complexity: O(V + E).
    func reversed() -> StreetAdjacency {
        var from = [Int32](repeating: 0, count: edges.count)
        var turned = [StreetEdge](repeating: StreetEdge(target: 0, seconds: 0), count: edges.count)
        for u in 0..<nodeCount {
            for e in first[u]..<first[u + 1] {
                from[e] = edges[e].target
                turned[e] = StreetEdge(target: Int32(u), seconds: edges[e].seconds)
            }
        }
        return StreetAdjacency(nodeCount: nodeCount, from: from, edges: turned)
    }
}
