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

    /// `value` with `digits` decimals (0 to 9), halves rounded away from zero; "-0.0" never appears.
    /// Integer arithmetic, because `String(format:)` is slow enough on Linux to dominate a table.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let n = Int((value.magnitude * Double(scale)).rounded())
        var text = String(n / scale)
        if digits > 0 {
            let fraction = String(n % scale)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return (value < 0 && n != 0 ? "-" : "") + text
    }

    /// 0.4567 → "45.7%".
    public static func percent(_ share: Double) -> String { fixed(share * 100, 1) + "%" }

    /// 12.345 → "12.3"; nil → "—".
    public static func decimal(_ value: Double?) -> String { value.map { fixed($0, 1) } ?? "—" }

    /// A change with its sign: "+2.5", "-1.0", "0.0".
    public static func signed(_ value: Double?) -> String {
        guard let value else { return "—" }
        let text = fixed(value, 1)
        return (text.hasPrefix("-") || text == "0.0" ? "" : "+") + text
    }
}
