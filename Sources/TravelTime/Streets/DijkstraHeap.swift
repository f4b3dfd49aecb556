/// A min-heap of (seconds, node) pairs for Dijkstra.
///
/// Four children per node (a 4-ary heap): half the depth of a binary heap, and the four children
/// sit next to each other in memory, so a pop touches fewer cache lines — the heap is where
/// Dijkstra spends most of its time on large graphs. Entries are never decreased in place: a
/// better path pushes a new entry and the stale one is skipped when popped ("lazy deletion").
/// Ties are not broken by node: final times do not depend on which of two equal entries pops
/// first (a popped entry is used only if it equals the node's current best time), so the results
/// are reproducible without the extra comparison. Sifting moves a hole rather than swapping.
struct DijkstraHeap {
    struct Entry {
        var key: Double
        var node: Int32
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    /// The node that would pop next, if any.
    var topNode: Int32? { entries.first?.node }

    /// - Complexity: O(log₄ n).
    mutating func push(_ key: Double, _ node: Int32) {
        let item = Entry(key: key, node: node)
        entries.append(item)
        entries.withUnsafeMutableBufferPointer { heap in
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) >> 2
                guard key < heap[parent].key else { break }
                heap[i] = heap[parent]
                i = parent
            }
            heap[i] = item
        }
    }

    /// - Complexity: O(4 log₄ n).
    mutating func pop() -> (key: Double, node: Int32)? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return (last.key, last.node) }
        let top = entries[0]
        entries.withUnsafeMutableBufferPointer { heap in
            let n = heap.count
            var i = 0
            while true {
                let first = 4 * i + 1
                guard first < n else { break }
                var child = first
                var childKey = heap[first].key
                let end = min(first + 4, n)
                var c = first + 1
                while c < end {
                    if heap[c].key < childKey {
                        child = c
                        childKey = heap[c].key
                    }
                    c += 1
                }
                guard childKey < last.key else { break }
                heap[i] = heap[child]
                i = child
            }
            heap[i] = last
        }
        return (top.key, top.node)
    }
}
