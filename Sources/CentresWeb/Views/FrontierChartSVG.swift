import CentresCore

/// The trade-off chart: the best value reachable with each number of sites as a line, and actual
/// proposals as labelled diamonds at their own number of bases. Answers the search did not prove
/// are drawn hollow. Every piece of text is escaped; the tables beside it carry the same numbers.
struct FrontierChartSVG {
    struct Point {
        var sites: Int
        var value: Double
        var proven: Bool
        var title: String
    }

    struct Proposal {
        var key: String
        var sites: Int
        var value: Double
        var title: String
        var href: String
    }

    var width = 760.0
    var height = 340.0
    let left = 64.0, right = 16.0, top = 16.0, bottom = 48.0

    /// `yMax` nil scales to the data; `format` writes a y value as its tick label.
    func render(
        line: [Point], proposals: [Proposal], xTitle: String, yTitle: String, yMax fixedMax: Double?,
        format: (Double) -> String, label: String, titleID: String
    ) -> String {
        let xMax = Double(max(line.map(\.sites).max() ?? 1, proposals.map(\.sites).max() ?? 1, 1))
        let dataMax = max(line.map(\.value).max() ?? 0, proposals.map(\.value).max() ?? 0)
        let yStep = fixedMax.map { $0 / 5 } ?? Self.niceStep(dataMax / 5)
        let yMax = fixedMax ?? max(yStep, (dataMax / yStep).rounded(.up) * yStep)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ v: Double) -> Double { Self.round(left + v / xMax * plotW) }
        func y(_ v: Double) -> Double { Self.round(top + plotH - min(v, yMax) / yMax * plotH) }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\""
        out += " role=\"img\" aria-labelledby=\"\(titleID)\" class=\"chart\">"
        out += "<title id=\"\(titleID)\">\(MapSVG.escape(label))</title><g class=\"axes\">"
        var tick = 0.0
        while tick <= yMax + yStep / 1000 {
            out += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" class=\"grid\"/>"
            out += "<text x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\">\(MapSVG.escape(format(tick)))</text>"
            tick += yStep
        }
        let xStep = max(1, Self.niceStep(xMax / 10))
        var xt = xStep
        while xt <= xMax + 0.001 {
            out += "<text x=\"\(x(xt))\" y=\"\(top + plotH + 18)\" text-anchor=\"middle\">\(Int(xt))</text>"
            xt += xStep
        }
        out += "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(top + plotH)\" y2=\"\(top + plotH)\" class=\"axis\"/>"
        out += "<line x1=\"\(left)\" x2=\"\(left)\" y1=\"\(top)\" y2=\"\(top + plotH)\" class=\"axis\"/>"
        out += "<text x=\"\(left + plotW / 2)\" y=\"\(height - 8)\" text-anchor=\"middle\">\(MapSVG.escape(xTitle))</text>"
        out += "<text x=\"14\" y=\"\(top + plotH / 2)\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(top + plotH / 2))\">"
        out += "\(MapSVG.escape(yTitle))</text></g>"
        let sorted = line.sorted { $0.sites < $1.sites }
        if sorted.count > 1 {
            let d = sorted.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(x(Double(p.sites))) \(y(p.value))" }.joined()
            out += "<path d=\"\(d)\" class=\"frontier-line\"/>"
        }
        out += "<g class=\"frontier-points\">"
        for p in sorted {
            out +=
                "<circle cx=\"\(x(Double(p.sites)))\" cy=\"\(y(p.value))\" r=\"3.5\" class=\"\(p.proven ? "proven" : "unproven")\">"
            out += "<title>\(MapSVG.escape(p.title))</title></circle>"
        }
        out += "</g><g class=\"proposal-points\">"
        for p in proposals {
            let (cx, cy) = (x(Double(p.sites)), y(p.value))
            out +=
                "<a href=\"\(MapSVG.escape(p.href))\"><path d=\"M\(cx) \(cy - 7)L\(cx + 7) \(cy)L\(cx) \(cy + 7)L\(cx - 7) \(cy)Z\">"
            out += "<title>\(MapSVG.escape(p.title))</title></path>"
            // Labels near the right or top edge go inside the plot, so none is cut off.
            let nearRight = cx > width - right - 24
            out += "<text x=\"\(nearRight ? cx - 9 : cx + 9)\" y=\"\(max(cy - 8, top + 10))\""
            out += "\(nearRight ? " text-anchor=\"end\"" : "")>\(MapSVG.escape(p.key))</text></a>"
        }
        return out + "</g></svg>"
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        return [1.0, 2, 5, 10].first { $0 * power >= raw }! * power
    }

    static func round(_ v: Double) -> Double { (v * 10).rounded() / 10 }
}
