import CentresCore

/// A question's results as horizontal bars: one bar per option, its length the share of those
/// who answered, labelled with the count and share. Every piece of text is escaped; the table
/// beside it carries the same numbers. No styles inline (the site's CSP forbids them).
enum ResultChart {
    static let width = 640.0, labelWidth = 260.0, barHeight = 20.0, gap = 8.0

    static func bars(_ r: QuestionResults.Result, title: String) -> String {
        let plot = width - labelWidth - 90
        let height = Double(r.counts.count) * (barHeight + gap) + gap
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\""
        out += " class=\"result-chart\"><title>\(MapSVG.escape("Chart: " + title))</title>"
        for (i, c) in r.counts.enumerated() {
            let y = gap + Double(i) * (barHeight + gap)
            let share = (c.percent ?? 0) / 100
            let label = c.label.count > 40 ? String(c.label.prefix(39)) + "…" : c.label
            out +=
                "<text x=\"\(Int(labelWidth - 8))\" y=\"\(Int(y + barHeight * 0.72))\" text-anchor=\"end\" class=\"chart-label\">"
            out += MapSVG.escape(label) + "</text>"
            out += "<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y))\" width=\"\(String(format: "%.1f", max(share * plot, 0)))\""
            out += " height=\"\(Int(barHeight))\" class=\"chart-bar\"/>"
            let value = "\(NumberText.grouped(c.count))" + (c.percent.map { " (\(NumberText.fixed($0, 1))%)" } ?? "")
            out +=
                "<text x=\"\(String(format: "%.1f", labelWidth + share * plot + 6))\" y=\"\(Int(y + barHeight * 0.72))\" class=\"chart-value\">"
            out += MapSVG.escape(value) + "</text>"
        }
        return out + "</svg>"
    }
}
