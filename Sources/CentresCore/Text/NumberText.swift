import Foundation

/// Numbers as people read them in tables: grouped thousands, pounds, one-decimal shares and minutes.
public enum NumberText {
    /// 12345 → "12,345".
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    public static func pounds(_ n: Int) -> String { (n < 0 ? "-£" : "£") + grouped(Int(n.magnitude)) }

    /// 0.4567 → "45.7%".
    public static func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    /// 12.345 → "12.3"; nil → "—".
    public static func decimal(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "—" }

    /// A change with its sign: "+2.5", "-1.0", "0.0".
    public static func signed(_ value: Double?) -> String {
        guard let value else { return "—" }
        let rounded = (value * 10).rounded() / 10
        return (rounded > 0 ? "+" : "") + String(format: "%.1f", rounded == 0 ? 0 : rounded)
    }
}
