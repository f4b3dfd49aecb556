import Dispatch
import Foundation

extension StreetGraph {
    /// Door-to-door travel times in seconds from every origin to every destination.
    ///
    /// `result[i][j]` is the time from `origins[i]` to `destinations[j]`: the straight-line walk
    /// from the origin to its snapped node at walking speed, the fastest street path (for this
    /// graph's mode), and the walk from the destination's node to the destination. It is nil if
    /// either end did not snap or the total exceeds `maxSeconds`.
    ///
    /// Algorithm: one Dijkstra search (Dijkstra, 1959) per distinct origin node with a binary
    /// heap (origins snapped to the same node share it), stopping as soon as every destination node is settled or the next node is beyond
    /// `maxSeconds`. Origins are shared among all cores with `DispatchQueue.concurrentPerform`;
    /// each search is independent and single-threaded, so the results do not depend on the
    /// scheduling.
    ///
    /// - Complexity: O((V + E) log V) per distinct origin node for V nodes and E edges, usually far less with
    ///   the early exits; O(V) memory per core, plus O(origins × destinations) for the result.
    public func travelTimes(from origins: [Snap?], to destinations: [Snap?], maxSeconds: Double) -> [[Double?]] {
        let n = nodeCount
        let origins = origins.map { s in s.flatMap { (0..<n).contains($0.node) && $0.metres.isFinite ? $0 : nil } }
        let destinations = destinations.map { s in s.flatMap { (0..<n).contains($0.node) && $0.metres.isFinite ? $0 : nil } }
        var isTarget = [Bool](repeating: false, count: n)
        var targetCount = 0
        for d in destinations {
            if let d, !isTarget[d.node] {
                isTarget[d.node] = true
                targetCount += 1
            }
        }
        // Origins that snap to the same node share one search, bounded for the one with the shortest walk.
        var shortestAccess: [Int: Double] = [:]
        for o in origins {
            if let o { shortestAccess[o.node] = min(shortestAccess[o.node] ?? .infinity, o.metres / accessMetresPerSecond) }
        }
        let sources = shortestAccess.keys.sorted()
        let limits = sources.map { maxSeconds - (shortestAccess[$0] ?? 0) }
        let context = SearchContext(graph: self, isTarget: isTarget, targetCount: targetCount, maxSeconds: maxSeconds)
        let rows = ResultRows(count: sources.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, sources.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var search = DijkstraSearch(nodeCount: n)
            // Striding gives each core a deterministic share of the searches.
            for k in stride(from: worker, to: sources.count, by: workers) {
                search.run(from: sources[k], context: context, limit: limits[k])
                rows.set(k, destinations.map { d in d.map { search.seconds(to: $0.node) } ?? .infinity })
            }
        }
        let streetSeconds = rows.take()
        let row = Dictionary(uniqueKeysWithValues: sources.enumerated().map { ($1, $0) })
        return origins.map { o in
            guard let o, let r = row[o.node] else { return [Double?](repeating: nil, count: destinations.count) }
            let access = o.metres / accessMetresPerSecond
            return destinations.indices.map { j in
                guard let d = destinations[j] else { return nil }
                let total = access + streetSeconds[r][j] + d.metres / accessMetresPerSecond
                // An unsettled node keeps an infinite distance; with no limit (`.infinity`) that must still be nil.
                return total.isFinite && total <= maxSeconds ? total : nil
            }
        }
    }
}

/// What every search of one `travelTimes` call shares (read only).
struct SearchContext: Sendable {
    let graph: StreetGraph
    let isTarget: [Bool]
    let targetCount: Int
    let maxSeconds: Double
}

/// One core's Dijkstra state, reused across origins so that each search costs only the nodes it
/// touches rather than O(V) to reset.
struct DijkstraSearch {
    private var best: [Double]
    private var touched: [Int32] = []
    private var heap = DijkstraHeap()

    init(nodeCount: Int) {
        best = [Double](repeating: .infinity, count: nodeCount)
    }

    /// The settled time to `node` from the last search's origin, or infinity.
    func seconds(to node: Int) -> Double { best[node] }

    /// Searches from `origin` until every target is settled or the frontier passes `limit`.
    /// Times to nodes not settled are left at or above the frontier, so callers compare with the limit.
    mutating func run(from origin: Int, context: SearchContext, limit: Double) {
        for v in touched { best[Int(v)] = .infinity }
        touched.removeAll(keepingCapacity: true)
        heap.removeAll()
        guard limit >= 0 else { return }
        let graph = context.graph
        var remaining = context.targetCount
        best[origin] = 0
        touched.append(Int32(origin))
        heap.push(0, Int32(origin))
        let isTarget = context.isTarget
        graph.firstEdge.withUnsafeBufferPointer { first in
            graph.edgeTarget.withUnsafeBufferPointer { target in
                graph.edgeSeconds.withUnsafeBufferPointer { cost in
                    best.withUnsafeMutableBufferPointer { best in
                        while let (t, node) = heap.pop() {
                            let u = Int(node)
                            guard t == best[u] else { continue }  // stale entry: u was reached faster since
                            if t > limit { break }
                            if isTarget[u] {
                                remaining -= 1
                                if remaining == 0 { break }
                            }
                            for e in first[u]..<first[u + 1] {
                                let v = Int(target[e])
                                let candidate = t + Double(cost[e])
                                if candidate < best[v] {
                                    if best[v] == .infinity { touched.append(target[e]) }
                                    best[v] = candidate
                                    heap.push(candidate, target[e])
                                }
                            }
                        }
                    }
                }
            }
        }
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
