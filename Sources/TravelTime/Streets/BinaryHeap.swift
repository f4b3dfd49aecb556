/// A min-heap of (seconds, node) pairs for Dijkstra, ordered by seconds then node so that runs
/// are reproducible. Entries are never decreased in place: a better path pushes a new entry and
/// the stale one is skipped when popped ("lazy deletion"), which is simpler and usually faster
/// than an indexed heap. The entries are one contiguous array of 16-byte structs, and sifting
/// moves a hole rather than swapping, for speed in Dijkstra's inner loop.
struct BinaryHeap {
    struct Entry {
        var key: Double
        var node: Int32

        @inline(__always)
        func precedes(_ other: Entry) -> Bool { key < other.key || (key == other.key && node < other.node) }
    }

    private var entries: [Entry] = []

    var isEmpty: Bool { entries.isEmpty }
    var count: Int { entries.count }

    mutating func removeAll() { entries.removeAll(keepingCapacity: true) }

    /// - Complexity: O(log n).
    mutating func push(_ key: Double, _ node: Int32) {
        let item = Entry(key: key, node: node)
        entries.append(item)
        entries.withUnsafeMutableBufferPointer { heap in
            var i = heap.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard item.precedes(heap[parent]) else { break }
                heap[i] = heap[parent]
                i = parent
            }
            heap[i] = item
        }
    }

    /// - Complexity: O(log n).
    mutating func pop() -> (key: Double, node: Int32)? {
        guard let last = entries.popLast() else { return nil }
        guard !entries.isEmpty else { return (last.key, last.node) }
        let top = entries[0]
        entries.withUnsafeMutableBufferPointer { heap in
            let n = heap.count
            var i = 0
            while true {
                var child = 2 * i + 1
                guard child < n else { break }
                if child + 1 < n && heap[child + 1].precedes(heap[child]) { child += 1 }
                guard heap[child].precedes(last) else { break }
                heap[i] = heap[child]
                i = child
            }
            heap[i] = last
        }
        return (top.key, top.node)
    }
}
