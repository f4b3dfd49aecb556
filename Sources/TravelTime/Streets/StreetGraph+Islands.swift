extension StreetGraph {
    /// Nodes in the largest strongly connected component (ties: the one found first), or with
    /// `islandNodeLimit`, in every component of at least that many nodes or the largest.
    ///
    /// Kosaraju's algorithm (Sharir, 1981): a depth-first search records finishing order, then a
    /// search of the reversed graph in reverse finishing order collects one component at a time.
    /// Both searches use explicit stacks, so long chains of nodes cannot overflow the call stack.
    /// - Complexity: O(V + E) time and memory.
    static func mainlandNodes(_ graph: StreetAdjacency, islandNodeLimit: Int?) -> [Bool] {
        let n = graph.nodeCount
        let first = graph.first
        guard n > 0 else { return [] }
        // Pass 1: finishing order on the forward graph.
        var visited = [Bool](repeating: false, count: n)
        var order: [Int32] = []
        order.reserveCapacity(n)
        var stack: [(node: Int32, edge: Int)] = []
        for root in 0..<n where !visited[root] {
            visited[root] = true
            stack.append((Int32(root), first[root]))
            while let top = stack.last {
                let u = Int(top.node)
                if top.edge < first[u + 1] {
                    stack[stack.count - 1].edge += 1
                    let v = Int(graph.edges[top.edge].target)
                    if !visited[v] {
                        visited[v] = true
                        stack.append((Int32(v), first[v]))
                    }
                } else {
                    order.append(top.node)
                    stack.removeLast()
                }
            }
        }
        let reverse = graph.reversed()
        // Pass 2: components of the reversed graph, roots taken in reverse finishing order.
        var component = [Int32](repeating: -1, count: n)
        var sizes: [Int] = []
        var pending: [Int32] = []
        for root in order.reversed() where component[Int(root)] < 0 {
            let id = Int32(sizes.count)
            var size = 0
            component[Int(root)] = id
            pending.append(root)
            while let u = pending.popLast() {
                size += 1
                for e in reverse.first[Int(u)]..<reverse.first[Int(u) + 1] {
                    let v = reverse.edges[e].target
                    if component[Int(v)] < 0 {
                        component[Int(v)] = id
                        pending.append(v)
                    }
                }
            }
            sizes.append(size)
        }
        guard let islandNodeLimit else {
            let largest = Int32(sizes.indices.max { sizes[$0] < sizes[$1] || sizes[$0] == sizes[$1] && $0 > $1 } ?? 0)
            return component.map { $0 == largest }
        }
        let limit = min(max(1, islandNodeLimit), sizes.max() ?? 1)
        return component.map { sizes[Int($0)] >= limit }
    }
}
