import CentresCore
import CentresTestSupport
import Testing

@testable import Planning

/// The exact search's parts on their own: bounds never exceed the optimum, and branching alone
/// (no local search) reaches it and proves it.
@Suite struct SiteSearchTests {
    static func costs(_ r: OptimiserTests.Random, pMedian: Bool) -> AssignmentCosts {
        pMedian
            ? AssignmentCosts.pMedian(r.instance, unreachableMinutes: 120)
            : AssignmentCosts.covering(r.instance, minutes: r.radius)
    }

    /// Points and sites uniform in a 30 × 30 square, minutes = distance, whole-number weights.
    static func planar(demand m: Int, sites n: Int, weights: ClosedRange<Int>, using g: inout SeededGenerator)
        -> LocationInstance
    {
        let sites = (0..<n).map { _ in (Double.random(in: 0...30, using: &g), Double.random(in: 0...30, using: &g)) }
        var minutes: [Double] = []
        for _ in 0..<m {
            let (x, y) = (Double.random(in: 0...30, using: &g), Double.random(in: 0...30, using: &g))
            minutes += sites.map { ((x - $0.0) * (x - $0.0) + (y - $0.1) * (y - $0.1)).squareRoot() }
        }
        return LocationInstance(
            demandIDs: (0..<m).map { "d\($0)" }, siteIDs: (0..<n).map { "s\($0)" },
            weights: (0..<m).map { _ in Double(Int.random(in: weights, using: &g)) }, minutes: minutes)
    }

    @Test func lagrangianBoundsNeverExceedTheOptimum() throws {
        var g = SeededGenerator(seed: 99)
        for round in 0..<200 {
            let r = OptimiserTests.random(&g)
            let c = Self.costs(r, pMedian: round % 2 == 0)
            guard let optimum = OptimiserTests.allowedSets(r, p: r.p).map({ c.total($0) }).min() else { continue }
            let relax = LagrangianBound(
                costs: c, selection: try ConstrainedSelection(instance: r.instance, count: r.p, rules: r.rules))
            for _ in 0..<5 {
                let lambda = (0..<c.demandCount).map { _ in Double.random(in: 0...2000, using: &g) }
                let result = try #require(relax.optimise(start: lambda, open: [], closed: [], target: .infinity, iterations: 30))
                #expect(result.bound <= optimum + 1e-6 * max(1, optimum), "\(result.bound) > \(optimum)")
            }
        }
    }

    @Test func branchingAloneFindsAndProvesTheOptimum() throws {
        var g = SeededGenerator(seed: 123)
        var branched = 0
        for round in 0..<200 {
            let r = OptimiserTests.random(&g)
            let c = Self.costs(r, pMedian: round % 2 == 0)
            guard let optimum = OptimiserTests.allowedSets(r, p: r.p).map({ c.total($0) }).min() else { continue }
            var search = SiteSearch(
                costs: c, selection: try ConstrainedSelection(instance: r.instance, count: r.p, rules: r.rules))
            search.useLocalSearch = false
            search.rootIterations = 15  // weak bounds, so the tree has to do the work
            search.nodeIterations = 5
            let o = try #require(search.run())
            #expect(o.proven)
            #expect(abs(o.total - optimum) <= 1e-6 * max(1, optimum), "\(o.total) vs \(optimum)")
            #expect(o.bound <= optimum + 1e-6 * max(1, optimum))
            if o.nodes > 1 { branched += 1 }
        }
        #expect(branched > 20, "the tree was exercised")
    }

    /// Interchange ends where no allowed single swap helps (checked by trying every swap), keeps the
    /// rules and the branch's fixings, and never makes the start worse.
    /// `sites` keeps to the rules and fixings, `total` is its cost, and no allowed swap lowers it.
    static func expectAllowedLocalOptimum(
        _ sites: [Int], _ total: Double, start: [Int], costs c: AssignmentCosts, selection: ConstrainedSelection,
        open: Set<Int>, closed: Set<Int>
    ) {
        #expect(selection.allows(sites) && open.isSubset(of: sites) && closed.isDisjoint(with: sites))
        #expect(abs(total - c.total(sites)) <= 1e-9 * max(1, total) && total <= c.total(start) + 1e-9)
        for out in sites where !open.contains(out) && !selection.rules.forced.contains(out) {
            for into in 0..<c.siteCount where !sites.contains(into) && !closed.contains(into) {
                let swapped = (sites.filter { $0 != out } + [into]).sorted()
                guard selection.allows(swapped) else { continue }
                #expect(c.total(swapped) >= total - 1e-6 * max(1, total), "swap \(out)→\(into) helps")
            }
        }
    }

    @Test func interchangeEndsAtAnAllowedLocalOptimum() throws {
        var g = SeededGenerator(seed: 4321)
        var moved = 0
        for round in 0..<300 {
            let r = OptimiserTests.random(&g)
            let c = Self.costs(r, pMedian: round % 2 == 0)
            guard let selection = try? ConstrainedSelection(instance: r.instance, count: r.p, rules: r.rules),
                let start = OptimiserTests.allowedSets(r, p: r.p).randomElement(using: &g)
            else { continue }
            let open: Set<Int> = start.count > 1 && Bool.random(using: &g) ? [start[0]] : []
            let closed = Set((0..<c.siteCount).filter { !start.contains($0) && Int.random(in: 0..<4, using: &g) == 0 })
            let (sites, total) = LocalSearch(costs: c, selection: selection).improve(start, open: open, closed: closed)
            Self.expectAllowedLocalOptimum(sites, total, start: start, costs: c, selection: selection, open: open, closed: closed)
            if sites != start { moved += 1 }
        }
        #expect(moved > 50, "the starts were improved")
    }

    /// Covering's own interchange ends at an allowed local optimum too, and the tabu search after it
    /// keeps to the rules and fixings, never ends worse than the descent, and often ends better.
    @Test func coveringSwapsAndTabuSearchKeepToTheRules() throws {
        var g = SeededGenerator(seed: 8642)
        var moved = 0, walkedFurther = 0
        for _ in 0..<300 {
            let r = OptimiserTests.random(&g)
            let c = Self.costs(r, pMedian: false)
            guard let selection = try? ConstrainedSelection(instance: r.instance, count: r.p, rules: r.rules),
                let start = OptimiserTests.allowedSets(r, p: r.p).randomElement(using: &g)
            else { continue }
            let open: Set<Int> = start.count > 1 && Bool.random(using: &g) ? [start[0]] : []
            let closed = Set((0..<c.siteCount).filter { !start.contains($0) && Int.random(in: 0..<4, using: &g) == 0 })
            let swaps = CoveringSwaps(costs: c, selection: selection)
            let descent = swaps.improve(start, open: open, closed: closed)
            Self.expectAllowedLocalOptimum(
                descent.sites, descent.total, start: start, costs: c, selection: selection, open: open, closed: closed)
            if descent.sites != start { moved += 1 }
            let walked = swaps.improve(start, open: open, closed: closed, search: .init(moves: 60, patience: 30))
            #expect(selection.allows(walked.sites) && open.isSubset(of: walked.sites) && closed.isDisjoint(with: walked.sites))
            #expect(walked.total == c.total(walked.sites) && walked.total <= descent.total)
            if walked.total < descent.total { walkedFurther += 1 }
            #expect(swaps.improve(start, open: open, closed: closed, search: .init(moves: 60, patience: 30)) == walked)
        }
        #expect(moved > 50, "the starts were improved")
        // Small instances rarely have a local optimum that is not global; medium ones do.
        for _ in 0..<40 {
            let n = 30, p = 6
            let x = Self.planar(demand: 150, sites: n, weights: 1...100, using: &g)
            let c = AssignmentCosts.covering(x, minutes: 6)
            let swaps = CoveringSwaps(costs: c, selection: try ConstrainedSelection(instance: x, count: p, rules: SiteRules()))
            let start = Array((0..<n).shuffled(using: &g).prefix(p)).sorted()
            let descent = swaps.improve(start), walked = swaps.improve(start, search: .init(moves: 200, patience: 100))
            #expect(walked.total <= descent.total && walked.total == c.total(walked.sites))
            if walked.total < descent.total { walkedFurther += 1 }
        }
        #expect(walkedFurther > 5, "the tabu search often goes past the descent's local optimum")
    }

    /// Covering's rows are ordered by partition rather than by sorting; the order must be the one
    /// sorting by (cost, site) gives.
    @Test func coveringRowsAreOrderedAsSortingWould() {
        var g = SeededGenerator(seed: 77)
        for _ in 0..<50 {
            let r = OptimiserTests.random(&g)
            let c = Self.costs(r, pMedian: false)
            let (sites, costs) = c.sortedRows()
            for i in 0..<c.demandCount {
                let expected = (0..<c.siteCount).sorted { (c.c(i, $0), $0) < (c.c(i, $1), $1) }
                let row = i * c.siteCount..<(i + 1) * c.siteCount
                #expect(sites[row].map(Int.init) == expected)
                #expect(Array(costs[row]) == expected.map { c.c(i, $0) })
            }
        }
    }

    @Test func wholeNumberCostsAreRecognised() {
        let x = LocationInstance(
            demandIDs: ["a", "b"], siteIDs: ["s"], weights: [3, 4], minutes: [5, .infinity])
        #expect(AssignmentCosts.covering(x, minutes: 10).granularity == 1)
        #expect(AssignmentCosts.pMedian(x, unreachableMinutes: 60).granularity == 1)
        var y = x
        y.weights = [3, 4.5]
        #expect(AssignmentCosts.covering(y, minutes: 10).granularity == 0)
        y.weights = [3, 4]
        y.minutes = [5.5, 7]
        #expect(AssignmentCosts.covering(y, minutes: 10).granularity == 1, "covering costs are weights, whatever the minutes")
        #expect(AssignmentCosts.pMedian(y, unreachableMinutes: 60).granularity == 0)
    }

    /// With a node limit the answer is honest: a valid bound and the gap to it, not a claimed proof.
    @Test func aNodeLimitReportsTheGap() throws {
        var g = SeededGenerator(seed: 321)
        var cut = 0
        for _ in 0..<200 {
            let r = OptimiserTests.random(&g)
            let c = Self.costs(r, pMedian: true)
            guard let optimum = OptimiserTests.allowedSets(r, p: r.p).map({ c.total($0) }).min() else { continue }
            var search = SiteSearch(
                costs: c, selection: try ConstrainedSelection(instance: r.instance, count: r.p, rules: r.rules))
            (search.useLocalSearch, search.rootIterations, search.nodeIterations, search.nodeLimit) = (false, 3, 1, 2)
            let o = try #require(search.run())
            #expect(o.bound <= optimum + 1e-6 * max(1, optimum) && o.total >= optimum - 1e-6 * max(1, optimum))
            if !o.proven { cut += 1 }
        }
        #expect(cut > 10)
    }
}
