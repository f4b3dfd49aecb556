import Dispatch
import Foundation

/// Which way `StreetGraph.travelTimes` runs its searches.
public enum SearchDirection: String, Sendable, CaseIterable {
    /// Backward when there are fewer distinct destination nodes than origin nodes, else forward.
    case automatic
    /// One search per origin node over the streets as they are.
    case forward
    /// One search per destination node over the streets turned round (one-way streets reversed).
    case backward
}

extension StreetGraph {
    /// Door-to-door travel times in seconds from every origin to every destination.
    ///
    /// `result[i][j]` is the time from `origins[i]` to `destinations[j]`: the straight-line walk
    /// from the origin to its snapped node at walking speed, the fastest street path (for this
    /// graph's mode), and the walk from the destination's node to the destination. It is nil if
    /// either end did not snap or the total exceeds `maxSeconds`.
    ///
    /// Algorithm: one Dijkstra search (Dijkstra, 1959) per distinct node on one side, with a
    /// 4-ary heap, stopping as soon as every node of the other side is settled or the next node
    /// is beyond the limit. Searching from the side with fewer distinct nodes does less work
    /// (1,000 origins × 100 destinations: 100 searches, not 1,000); a backward search runs over
    /// the reversed graph, so one-way streets still count in the right direction. Searches are
    /// shared among all cores with `DispatchQueue.concurrentPerform`; each is independent and
    /// single-threaded, so the results do not depend on the scheduling. Both directions find the
    /// same shortest paths; their sums may differ in the last bits of a Double.
    ///
    /// - Complexity: O((V + E) log V) per search for V nodes and E edges, usually far less with
    ///   the early exits, plus O(V + E) to reverse the graph for a backward run; O(V) memory per
    ///   core, plus O(origins × destinations) for the result.
    public func travelTimes(
        from origins: [Snap?], to destinations: [Snap?], maxSeconds: Double, direction: SearchDirection = .automatic
    ) -> [[Double?]] {
        let n = nodeCount
        let origins = origins.map { s in s.flatMap { (0..<n).contains($0.node) && $0.metres.isFinite ? $0 : nil } }
        let destinations = destinations.map { s in s.flatMap { (0..<n).contains($0.node) && $0.metres.isFinite ? $0 : nil } }
        // Nothing to search (a point with no stop in walking range, say): never build a reversed graph for it.
        guard origins.contains(where: { $0 != nil }), destinations.contains(where: { $0 != nil }) else {
            return origins.map { _ in [Double?](repeating: nil, count: destinations.count) }
        }
        let backward: Bool
        switch direction {
        case .forward: backward = false
        case .backward: backward = true
        case .automatic:
            backward = Set(destinations.compactMap { $0?.node }).count < Set(origins.compactMap { $0?.node }).count
        }
        let walk = accessMetresPerSecond
        let street = StreetSearches(
            adjacency: backward ? adjacency.reversed() : adjacency, sources: backward ? destinations : origins,
            targets: backward ? origins : destinations, maxSeconds: maxSeconds, walkMetresPerSecond: walk)
        // Row numbers looked up once per point, not once per cell.
        let originRows = origins.map { o in o.flatMap { street.row(of: $0.node) } }
        let destinationRows = destinations.map { d in d.flatMap { street.row(of: $0.node) } }
        return origins.indices.map { i in
            guard let o = origins[i] else { return [Double?](repeating: nil, count: destinations.count) }
            return destinations.indices.map { j in
                guard let d = destinations[j] else { return nil }
                let row = backward ? destinationRows[j] : originRows[i]
                let seconds = row.map { street.seconds(row: $0, target: backward ? i : j) } ?? .infinity
                let total = o.metres / walk + seconds + d.metres / walk
                // An unsettled node keeps an infinite time; with no limit (`.infinity`) that must still be nil.
                return total.isFinite && total <= maxSeconds ? total : nil
            }
        }
    }
}

/// Street seconds from every distinct source node to every target, one search per source node,
/// shared among the cores. Sources snapped to the same node share a search, bounded for the one
/// with the shortest walk to it.
struct StreetSearches {
    private let rowOfNode: [Int: Int]
    private let rows: [[Double]]

    init(adjacency: StreetAdjacency, sources: [Snap?], targets: [Snap?], maxSeconds: Double, walkMetresPerSecond: Double) {
        let n = adjacency.nodeCount
        var isTarget = [Bool](repeating: false, count: n)
        var targetCount = 0
        for t in targets {
            if let t, !isTarget[t.node] {
                isTarget[t.node] = true
                targetCount += 1
            }
        }
        var shortestWalk: [Int: Double] = [:]
        for s in sources {
            if let s { shortestWalk[s.node] = min(shortestWalk[s.node] ?? .infinity, s.metres / walkMetresPerSecond) }
        }
        let nodes = shortestWalk.keys.sorted()
        let limits = nodes.map { maxSeconds - (shortestWalk[$0] ?? 0) }
        let context = SearchContext(adjacency: adjacency, isTarget: isTarget, targetCount: targetCount)
        let rows = ResultRows(count: nodes.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, nodes.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var search = DijkstraSearch(nodeCount: n)
            // Striding gives each core a deterministic share of the searches.
            for k in stride(from: worker, to: nodes.count, by: workers) {
                search.run(from: nodes[k], context: context, limit: limits[k])
                rows.set(k, targets.map { t in t.map { search.seconds(to: $0.node) } ?? .infinity })
            }
        }
        self.rows = rows.take()
        self.rowOfNode = Dictionary(uniqueKeysWithValues: nodes.enumerated().map { ($1, $0) })
    }

    /// The row of the search from `node`, if a source snapped there.
    func row(of node: Int) -> Int? { rowOfNode[node] }

    /// The street time of search `row` to `targets[k]`'s node; infinity if not settled.
    func seconds(row: Int, target k: Int) -> Double { rows[row][k] }
}

/// What every search of one `StreetSearches` shares (read only).
struct SearchContext: Sendable {
    let adjacency: StreetAdjacency
    let isTarget: [Bool]
    let targetCount: Int
}

/// One core's Dijkstra state, reused across sources so that each search costs only the nodes it
/// touches rather than O(V) to reset.
struct DijkstraSearch {
    private var best: [Double]
    private var touched: [Int32] = []
    private var heap = DijkstraHeap()
    /// Keeps the loads that warm the cache from being optimised away.
    private var warmed = 0

    init(nodeCount: Int) {
        best = [Double](repeating: .infinity, count: nodeCount)
    }

    /// The settled time to `node` from the last search's source, or infinity.
    func seconds(to node: Int) -> Double { best[node] }

    /// Searches from `source` until every target is settled or the frontier passes `limit`.
    /// Times to nodes not settled are left at or above the frontier, so callers compare with the limit.
    mutating func run(from source: Int, context: SearchContext, limit: Double) {
        for v in touched { best[Int(v)] = .infinity }
        touched.removeAll(keepingCapacity: true)
        heap.removeAll()
        guard limit >= 0 else { return }
        var remaining = context.targetCount
        var warm = 0
        best[source] = 0
        touched.append(Int32(source))
        heap.push(0, Int32(source))
        let isTarget = context.isTarget
        context.adjacency.first.withUnsafeBufferPointer { first in
            context.adjacency.edges.withUnsafeBufferPointer { edges in
                best.withUnsafeMutableBufferPointer { best in
                    while let (t, node) = heap.pop() {
                        let u = Int(node)
                        guard t == best[u] else { continue }  // stale entry: u was reached faster since
                        if t > limit { break }
                        if let next = heap.topNode, first[Int(next)] < edges.count {
                            // Start loading the likely next node's edges now, so the cache miss overlaps this node's work.
                            warm &+= Int(edges[first[Int(next)]].target)
                        }
                        if isTarget[u] {
                            remaining -= 1
                            if remaining == 0 { break }
                        }
                        for e in first[u]..<first[u + 1] {
                            let edge = edges[e]
                            let v = Int(edge.target)
                            let candidate = t + Double(edge.seconds)
                            if candidate < best[v] {
                                if best[v] == .infinity { touched.append(edge.target) }
                                best[v] = candidate
                                heap.push(candidate, edge.target)
                            }
                        }
                    }
                }
            }
        }
        warmed = warm
    }
}

/// Result rows written by several threads, each row by exactly one of them, then read once all
/// have finished (`concurrentPerform` returns only then). That discipline, not a lock, is what
/// makes the unchecked `Sendable` sound.
final class ResultRows: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<[Double]>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: [])
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func set(_ i: Int, _ row: [Double]) { buffer[i] = row }

    func take() -> [[Double]] { Array(buffer) }
}
