/// Summaries of travel time over a departure window.
public enum TravelTimePercentiles {
    /// Percentiles of `times` by the nearest-rank method (the ⌈p/100 · n⌉-th smallest), with unreachable
    /// departures (nil) counted as infinitely long. A percentile that falls on an unreachable departure is
    /// therefore nil: "at the 50th percentile, not reachable", never a silently optimistic number.
    /// - Parameter percentiles: values in 0...100 (0 gives the minimum).
    /// - Complexity: O(n log n + p).
    public static func compute(_ times: [Int?], percentiles: [Double]) -> [Int?] {
        guard !times.isEmpty else { return percentiles.map { _ in nil } }
        let sorted = times.compactMap { $0 }.sorted()
        let n = times.count
        return percentiles.map { p in
            let clamped = min(100, max(0, p))
            let rank = max(1, Int((clamped / 100 * Double(n)).rounded(.up)))
            return rank <= sorted.count ? sorted[rank - 1] : nil
        }
    }
}
