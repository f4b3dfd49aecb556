/// Exact search for min Σᵢ min_{j∈S} cᵢⱼ over sets of p sites allowed by the rules: depth-first
/// branch and bound on "site j open / closed", each node bounded by the Lagrangian relaxation
/// (warm-started from its parent's multipliers), every selection the relaxation meets tried as a
/// solution, and improved ones polished by interchange. Stops when the gap is closed (proof) or
/// the node limit is reached (the best solution, its bound and the gap are reported).
struct SiteSearch: Sendable {
    let costs: AssignmentCosts
    let selection: ConstrainedSelection
    var relativeGap = 1e-9
    var nodeLimit = 20_000
    var rootIterations = 400
    var nodeIterations = 80
    /// Off only in tests, to show the bounds and branching alone reach the optimum.
    var useLocalSearch = true
    /// Covering searches the weight left uncovered, but people read the weight covered
    /// (`complement` − total): the relative gap is measured against that.
    var complement: Double?
    /// Covering only: the faster interchange for yes/no coverage, with a tabu search from the
    /// best answer when the root's bound does not prove it.
    var coveringSwaps: CoveringSwaps?
    /// Polish every selection the relaxation meets, not only those already better than the
    /// incumbent. Covering needs it: its best sets hide one swap from selections that look no
    /// better (Norfolk's 15 sites: 25 nodes without, 1 with); for p-median it only costs time.
    var polishEverySelection: Bool { coveringSwaps != nil }
    /// …in the first nodes only: deep in a large tree polishing costs more than it finds.
    static let polishedNodes = 32

    struct Outcome {
        var sites: [Int]
        var total: Double
        var bound: Double
        var proven: Bool
        var nodes: Int
    }

    func run() -> Outcome? {
        let local = LocalSearch(costs: costs, selection: selection)
        // Covering counts from the chosen sites' lists rather than reading every point's row.
        func total(_ sites: [Int]) -> Double { coveringSwaps?.total(sites) ?? costs.total(sites) }
        let greedy = { if let coveringSwaps { coveringSwaps.greedy() } else { local.greedy() } }
        guard let start = useLocalSearch ? greedy() : selection.best([Double](repeating: 0, count: costs.siteCount))
        else { return nil }
        func polish(_ sites: [Int], open: Set<Int> = [], closed: Set<Int> = [], search: CoveringSwaps.TabuLimits? = nil)
            -> (sites: [Int], total: Double)
        {
            guard useLocalSearch else { return (sites, total(sites)) }
            guard let coveringSwaps else { return local.improve(sites, open: open, closed: closed) }
            return coveringSwaps.improve(sites, open: open, closed: closed, search: search)
        }
        var (best, upper) = polish(start)
        let relax = LagrangianBound(costs: costs, selection: selection, cover: coveringSwaps?.cover)
        // Start the multipliers at each point's cost in the incumbent: L then starts near it.
        let initial = (0..<costs.demandCount).map { i in best.reduce(costs.uncovered[i]) { min($0, costs.c(i, $1)) } }
        struct Node {
            var open: Set<Int>
            var closed: Set<Int>
            var multipliers: [Double]
            /// The parent's bound: a valid bound for this node before it is explored.
            var parentBound: Double
        }
        // Every point pays at least its cheapest allowed site, whatever the count: a bound the
        // relaxation only approaches (it proves at once that covering all that can be covered is optimal).
        let allowed = (0..<costs.siteCount).filter { !selection.rules.forbidden.contains($0) }
        let floor = (0..<costs.demandCount).reduce(0.0) { sum, i in
            sum + allowed.reduce(costs.uncovered[i]) { min($0, costs.c(i, $1)) }
        }
        var stack = [Node(open: [], closed: [], multipliers: initial, parentBound: -Double.infinity)]
        var nodes = 0
        var rootBound = -Double.infinity
        var openBounds: [Double] = []  // bounds of nodes left unexplored when the limit stops the search
        // With whole-number costs a better answer is better by a whole unit: a bound above
        // upper − 1 already proves the incumbent (and rounds up to a whole number).
        let step = costs.granularity
        /// How much better than the incumbent an answer must be to matter: a whole unit, or the
        /// relative gap of the value people read.
        func tolerance() -> Double {
            let shown = complement.map { $0 - upper } ?? upper
            return max(step - 1e-6, relativeGap * max(1, abs(shown)))
        }
        func target() -> Double { upper - tolerance() }
        func rounded(_ b: Double) -> Double { step > 0 ? (b - 1e-7).rounded(.up) : b }
        while let node = stack.popLast() {
            if nodes >= nodeLimit {
                openBounds.append(node.parentBound)
                continue
            }
            nodes += 1
            guard
                let r = relax.optimise(
                    start: node.multipliers, open: node.open, closed: node.closed, target: target(), aim: upper,
                    iterations: nodes == 1 ? rootIterations : nodeIterations)
            else { continue }
            let bound = max(r.bound, floor)
            if nodes == 1 { rootBound = bound }
            for candidate in r.seen {
                let total = total(candidate)
                if total < upper - 1e-12 || (polishEverySelection && nodes <= Self.polishedNodes) {
                    let polished = polish(candidate, open: node.open, closed: node.closed)
                    if polished.total < upper { (best, upper) = polished }
                }
            }
            // Covering's tabu search runs once, when the root has not already proved the answer:
            // easy instances keep their speed, hard ones start the branching with a far better set.
            if nodes == 1, coveringSwaps != nil, bound < target() {
                // Enough: a set the root's bound proves within the tolerance.
                let walked = polish(best, search: CoveringSwaps.TabuLimits(goal: bound + tolerance()))
                if walked.total < upper { (best, upper) = walked }
            }
            if bound >= target() { continue }
            var node = node
            let fixed = relax.fixings(r, open: node.open, closed: node.closed, target: target())
            node.open.formUnion(fixed.open)
            node.closed.formUnion(fixed.closed)
            // Branch on the chosen, unfixed site whose ρ is most negative: opening it is what the
            // relaxation most wants, so its two children differ most.
            let free = r.sites.filter {
                !node.open.contains($0) && !node.closed.contains($0) && !selection.rules.forced.contains($0)
            }
            guard let j = free.min(by: { (r.rho[$0], $0) < (r.rho[$1], $1) }) else {
                // Every chosen site is fixed open, or the fixings moved the choice: when the open
                // sites fill the count they are the node's only set; otherwise explore it again.
                let fixedIn = selection.rules.forced.union(node.open)
                if fixedIn.count == selection.count {
                    let sites = fixedIn.sorted()
                    if selection.allows(sites), !sites.contains(where: node.closed.contains) {
                        let total = total(sites)
                        if total < upper { (best, upper) = (sites, total) }
                    }
                } else if !fixed.open.isEmpty || !fixed.closed.isEmpty {
                    node.multipliers = r.multipliers
                    node.parentBound = bound
                    stack.append(node)
                }
                continue
            }
            var closed = node
            closed.closed.insert(j)
            closed.multipliers = r.multipliers
            closed.parentBound = bound
            var open = node
            open.open.insert(j)
            open.multipliers = r.multipliers
            open.parentBound = bound
            stack.append(closed)
            stack.append(open)  // explored first
        }
        // Proven: no node could beat the incumbent by more than the tolerance. Otherwise the bound is
        // the weakest among the nodes left unexplored (each valid for its part of the search).
        let proven = openBounds.isEmpty
        let bound = min(upper, rounded(max(rootBound, proven ? target() : min(target(), openBounds.min()!))))
        return Outcome(sites: best, total: upper, bound: bound, proven: proven, nodes: nodes)
    }
}
