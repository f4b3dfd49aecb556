/// Every (in, out) swap's change in uncovered weight, kept up to date move by move for the tabu
/// search. A swap changes the cover count of only the points the two sites cover, so only those
/// points' shares are taken out and put back: a move costs O(those points × the sites covering
/// each) plus a scan of sites × count, not a pass over every site's list (3,000 × 300 MCLP p = 15:
/// 2,000 moves 200 ms → ~50 ms).
///
/// The change for (into, out) is loss[out] − kept[into, out] − gain[into]:
/// - gain[j]: weight of the uncovered points j covers (opening j covers them);
/// - loss[o]: weight of the points only o covers (closing o uncovers them);
/// - kept[j, o]: of those, what j covers too (so closing o for j keeps them covered).
struct CoveringSwapTable {
    private(set) var gain: [Double]
    private(set) var loss: [Double]
    /// kept[j * sites + o].
    private(set) var kept: [Double]
    let sites: Int

    init(_ swaps: CoveringSwaps, _ s: CoveringSwaps.State) {
        sites = swaps.cover.count
        gain = [Double](repeating: 0, count: sites)
        loss = gain
        kept = [Double](repeating: 0, count: sites * sites)
        for i in swaps.weight.indices { share(i, swaps, s, sign: 1) }
    }

    /// Adds (sign 1) or takes out (sign −1) point i's share, as its count and owner stand in `s`.
    private mutating func share(_ i: Int, _ swaps: CoveringSwaps, _ s: CoveringSwaps.State, sign: Double) {
        let w = sign * swaps.weight[i]
        guard w != 0 else { return }
        switch s.count[i] {
        case 0:
            for j in swaps.coveredBy[i] { gain[Int(j)] += w }
        case 1:
            let o = s.owners[i]
            loss[o] += w
            for j in swaps.coveredBy[i] where Int(j) != o { kept[Int(j) * sites + o] += w }
        default: break
        }
    }

    /// Makes the swap in `s` (or only opens `into` when `out` is nil) and brings the table up to
    /// date. `touched` is scratch space, one false per point, left all false.
    mutating func swap(into: Int, out: Int?, _ swaps: CoveringSwaps, _ s: inout CoveringSwaps.State, touched: inout [Bool]) {
        // Each point once, even when both sites cover it.
        var points: [Int] = []
        for j in [out, into].compactMap({ $0 }) {
            for i in swaps.cover[j] where !touched[Int(i)] {
                touched[Int(i)] = true
                points.append(Int(i))
            }
        }
        for i in points { share(i, swaps, s, sign: -1) }
        if let out { swaps.remove(out, from: &s) }
        swaps.add(into, to: &s)
        for i in points {
            share(i, swaps, s, sign: 1)
            touched[i] = false
        }
    }

    /// The swap with the lowest change that `admissible` accepts, scanning in the same order as
    /// `CoveringSwaps.bestSwap` so both pick the same swap.
    func best(
        _ s: CoveringSwaps.State, leaving: [Int], mayEnter: [Bool], selection: ConstrainedSelection,
        admissible: (_ into: Int, _ out: Int, _ delta: Double) -> Bool
    ) -> (delta: Double, into: Int, out: Int)? {
        var pick: (delta: Double, into: Int, out: Int)?
        kept.withUnsafeBufferPointer { kept in
            for into in 0..<sites where !s.inside[into] && mayEnter[into] {
                let row = into * sites
                for out in leaving {
                    let delta = loss[out] - kept[row + out] - gain[into]
                    guard delta < pick?.delta ?? .infinity,
                        selection.swapKeepsLimits(out, into, perDistrict: s.perDistrict), admissible(into, out, delta)
                    else { continue }
                    pick = (delta, into, out)
                }
            }
        }
        return pick
    }
}
