import CentresCore
import CentresTestSupport
import Testing

@testable import Planning

/// Covering's faster paths against the general ones they replace: the swap table against pricing
/// each swap afresh, its greedy against the general greedy, its sparse bound against the bound
/// over full rows, and the bound's top-k selection against sorting.
@Suite struct CoveringFastPathTests {
    static func medium(_ g: inout SeededGenerator) -> (costs: AssignmentCosts, instance: LocationInstance) {
        let x = SiteSearchTests.planar(demand: 120, sites: 25, weights: 0...100, using: &g)
        return (AssignmentCosts.covering(x, minutes: 7), x)
    }

    /// After every one of a run of random swaps, each (in, out) change the table holds equals the
    /// change measured by pricing both sets in full, and its best swap is the one `bestSwap` finds.
    @Test func theSwapTableStaysEqualToPricingAfresh() throws {
        var g = SeededGenerator(seed: 4711)
        for _ in 0..<20 {
            let (c, x) = Self.medium(&g)
            let p = Int.random(in: 2...8, using: &g)
            let selection = try ConstrainedSelection(instance: x, count: p, rules: SiteRules())
            let swaps = CoveringSwaps(costs: c, selection: selection)
            var s = swaps.state(Array((0..<c.siteCount).shuffled(using: &g).prefix(p)))
            var table = CoveringSwapTable(swaps, s)
            var touched = [Bool](repeating: false, count: c.demandCount)
            let anyone = [Bool](repeating: true, count: c.siteCount)
            for _ in 0..<15 {
                let into = try #require((0..<c.siteCount).filter { !s.inside[$0] }.randomElement(using: &g))
                let out = try #require(s.sites.randomElement(using: &g))
                table.swap(into: into, out: out, swaps, &s, touched: &touched)
                #expect(!touched.contains(true))
                let now = c.total(s.sites)
                for j in 0..<c.siteCount where !s.inside[j] {
                    for o in s.sites {
                        let measured = c.total(s.sites.filter { $0 != o } + [j]) - now
                        #expect(table.loss[o] - table.kept[j * c.siteCount + o] - table.gain[j] == measured)
                    }
                }
                let fromTable = table.best(s, leaving: s.sites, mayEnter: anyone, selection: selection) { _, _, _ in true }
                let afresh = swaps.bestSwap(s, leaving: s.sites, mayEnter: anyone) { _, _, _ in true }
                #expect(
                    fromTable.map { [$0.delta, Double($0.into), Double($0.out)] }
                        == afresh.map { [$0.delta, Double($0.into), Double($0.out)] })
            }
        }
    }

    /// Whole-number weights make every gain exact, so both greedies take the same sites in the same order.
    @Test func coveringGreedyTakesWhatTheGeneralGreedyTakes() throws {
        var g = SeededGenerator(seed: 2024)
        var compared = 0
        for round in 0..<300 {
            let (c, selection): (AssignmentCosts, ConstrainedSelection)
            if round % 3 == 0 {
                let (mc, x) = Self.medium(&g)
                (c, selection) = (
                    mc, try ConstrainedSelection(instance: x, count: Int.random(in: 1...10, using: &g), rules: SiteRules())
                )
            } else {
                let r = OptimiserTests.random(&g)
                guard let s = try? ConstrainedSelection(instance: r.instance, count: r.p, rules: r.rules) else { continue }
                (c, selection) = (SiteSearchTests.costs(r, pMedian: false), s)
            }
            let general = LocalSearch(costs: c, selection: selection).greedy()
            #expect(CoveringSwaps(costs: c, selection: selection).greedy() == general)
            if general != nil { compared += 1 }
        }
        #expect(compared > 200)
    }

    /// The sparse bound computes the same ρ, subgradient and bound as the general one over full rows.
    @Test func theSparseCoveringBoundEqualsTheGeneralBound() throws {
        var g = SeededGenerator(seed: 555)
        for _ in 0..<100 {
            let r = OptimiserTests.random(&g)
            let c = SiteSearchTests.costs(r, pMedian: false)
            guard let selection = try? ConstrainedSelection(instance: r.instance, count: r.p, rules: r.rules) else { continue }
            let general = LagrangianBound(costs: c, selection: selection)
            let sparse = LagrangianBound(
                costs: c, selection: selection, cover: CoveringSwaps(costs: c, selection: selection).cover)
            for _ in 0..<5 {
                var lambda = (0..<c.demandCount).map { _ in Double(Int.random(in: -50...600, using: &g)) }
                general.clamp(&lambda)
                #expect(sparse.rho(lambda) == general.rho(lambda))
                let sites = try #require(selection.best(general.rho(lambda).map { -$0 }))
                #expect(sparse.subgradient(lambda, sites).g == general.subgradient(lambda, sites).g)
            }
            let a = general.optimise(start: c.uncovered, open: [], closed: [], target: .infinity, iterations: 40)
            let b = sparse.optimise(start: c.uncovered, open: [], closed: [], target: .infinity, iterations: 40)
            #expect(a?.bound == b?.bound && a?.sites == b?.sites)
        }
    }

    @Test func topKIsTheSortedPrefix() {
        var g = SeededGenerator(seed: 31)
        for _ in 0..<300 {
            let n = Int.random(in: 0...40, using: &g)
            let value = (0..<n).map { _ in Double(Int.random(in: 0...6, using: &g)) }  // many ties
            let items = (0..<n).filter { _ in Int.random(in: 0..<4, using: &g) > 0 }
            let before = { (a: Int, b: Int) in value[a] > value[b] || value[a] == value[b] && a < b }
            let k = Int.random(in: 0...n + 2, using: &g)
            #expect(ConstrainedSelection.top(k, of: items, by: before) == Array(items.sorted(by: before).prefix(k)))
        }
    }
}
