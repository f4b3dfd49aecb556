import Testing

@testable import CentresWeb

@Suite struct FrontierChartTests {
    @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(FrontierChartSVG.niceStep(0.7) == 1)
        #expect(FrontierChartSVG.niceStep(1) == 1)
        #expect(FrontierChartSVG.niceStep(1.2) == 2)
        #expect(FrontierChartSVG.niceStep(3) == 5)
        #expect(FrontierChartSVG.niceStep(9.6) == 10)
        #expect(FrontierChartSVG.niceStep(0.03) == 0.05)
        #expect(FrontierChartSVG.niceStep(0) == 1)
    }

    @Test func pointsProposalsAndTextAreDrawnAndEscaped() {
        let svg = FrontierChartSVG().render(
            line: [
                .init(sites: 2, value: 60, proven: true, title: "2 sites"),
                .init(sites: 1, value: 40, proven: false, title: "1 site <b>"),
            ],
            proposals: [.init(key: "A", sites: 4, value: 50, title: "Plan \"A\" & <i>B</i>", href: "/proposals/a?x=1&y=2")],
            xTitle: "Sites", yTitle: "Share", yMax: 100, format: { "\(Int($0))%" }, label: "Chart <1>", titleID: "t")
        #expect(svg.contains("<title id=\"t\">Chart &lt;1&gt;</title>"))
        #expect(svg.contains("class=\"unproven\"><title>1 site &lt;b&gt;</title>"))
        #expect(svg.contains("class=\"proven\"><title>2 sites</title>"))
        #expect(svg.contains("<a href=\"/proposals/a?x=1&amp;y=2\">"))
        #expect(svg.contains("Plan &quot;A&quot; &amp; &lt;i&gt;B&lt;/i&gt;"))
        // The line runs left to right whatever order the points come in. The plot is 680 × 276 from
        // (64, 16): x = 64 + sites ÷ 4 × 680, y = 292 − value ÷ 100 × 276.
        #expect(svg.contains("<path d=\"M234.0 181.6L404.0 126.4\" class=\"frontier-line\"/>"))
        for tick in ["0%", "20%", "100%"] { #expect(svg.contains(">\(tick)</text>")) }
        #expect(!svg.contains("<i>") && !svg.contains("<b>"))
    }
}
