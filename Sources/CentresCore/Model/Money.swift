/// Amounts in whole pounds, as budgets give them. Typed in by anyone, so bounded: no real
/// budget line is over a trillion pounds, and sums are taken without overflowing (an amount near
/// Int.max would otherwise stop the process).
public enum Money {
    public static let largestGBP = 1_000_000_000_000

    /// The sum, or nil when it would not fit in an Int.
    /// - Complexity: O(n).
    public static func sum(_ amounts: [Int]) -> Int? {
        var total = 0
        for a in amounts {
            let (s, overflow) = total.addingReportingOverflow(a)
            if overflow { return nil }
            total = s
        }
        return total
    }
}
