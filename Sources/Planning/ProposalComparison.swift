import CentresCore

/// Two proposals side by side: `second` is assessed with `first` as its baseline, so its per-area
/// baseline figures are the first's. The tables go to the compare page, its CSV downloads and the CLI.
public struct ProposalComparison: Sendable {
    public var first: Proposal
    public var second: Proposal
    /// The first proposal's own assessment (no baseline).
    public var firstAssessment: Assessment
    /// The second's, against the first.
    public var secondAssessment: Assessment
    public var data: PlanningData

    public init(first: Proposal, second: Proposal, assessor: Assessor) {
        self.first = first
        self.second = second
        firstAssessment = assessor.assess(first)
        secondAssessment = assessor.assess(second, baseline: first)
        data = assessor.data
    }

    typealias Cell = ReportTable.Cell
    typealias Column = ReportTable.Column

    static func difference(_ a: Int?, _ b: Int?) -> Cell {
        guard let a, let b else { return Cell("—", value: "") }
        return Cell((b > a ? "+" : "") + NumberText.grouped(b - a), value: "\(b - a)")
    }

    public var tables: [ReportTable] { [figures, districts, differences] }

    var figures: ReportTable {
        let (x, y) = (firstAssessment, secondAssessment)
        var rows: [[Cell]] = [
            [
                Cell("Average minutes to the nearest open base", value: "average_minutes"),
                AssessmentReport.minutes(x.overall.averageMinutes), AssessmentReport.minutes(y.overall.averageMinutes),
                AssessmentReport.change(y.overall.averageMinutes, x.overall.averageMinutes),
            ]
        ]
        for (bx, by) in zip(x.overall.bands, y.overall.bands) {
            rows.append([
                Cell("Under-fives within \(bx.minutes) minutes", value: "within_\(bx.minutes)"),
                Cell("\(NumberText.grouped(bx.underFives)) (\(NumberText.percent(bx.share)))", value: "\(bx.underFives)"),
                Cell("\(NumberText.grouped(by.underFives)) (\(NumberText.percent(by.share)))", value: "\(by.underFives)"),
                Self.difference(bx.underFives, by.underFives),
            ])
        }
        rows.append([
            Cell("Under-fives with no base in reach", value: "unreachable"),
            AssessmentReport.count(x.overall.unreachableUnderFives),
            AssessmentReport.count(y.overall.unreachableUnderFives),
            Self.difference(x.overall.unreachableUnderFives, y.overall.unreachableUnderFives),
        ])
        for d in CentreDecision.allCases {
            let a = x.decisionCounts[d.rawValue] ?? 0, b = y.decisionCounts[d.rawValue] ?? 0
            rows.append([
                Cell("Centres: \(d.label.lowercased())", value: "centres_\(d.rawValue)"), AssessmentReport.count(a),
                AssessmentReport.count(b),
                Self.difference(a, b),
            ])
        }
        func pounds(_ n: Int?) -> Cell { n.map { Cell(NumberText.pounds($0), value: "\($0)") } ?? Cell("not given", value: "") }
        let (px, py) = (x.cost.proposedGBP, y.cost.proposedGBP)
        rows.append([
            Cell("Proposed budget", value: "proposed_gbp"), pounds(px), pounds(py),
            px.flatMap { a in py.map { Cell(NumberText.pounds($0 - a), value: "\($0 - a)") } } ?? Cell("—", value: ""),
        ])
        return ReportTable(
            id: "figures", title: "Figures side by side",
            note: "The first proposal, the second, and the second minus the first. \(y.inputs.summary).",
            columns: [
                Column("Figure"), Column("First", numeric: true), Column("Second", numeric: true),
                Column("Difference", numeric: true),
            ], rows: rows)
    }

    var districts: ReportTable {
        let rows = zip(firstAssessment.byDistrict, secondAssessment.byDistrict).map { gx, gy -> [Cell] in
            [
                Cell(gx.label, value: gx.key), AssessmentReport.minutes(gx.averageMinutes),
                AssessmentReport.minutes(gy.averageMinutes),
                AssessmentReport.change(gy.averageMinutes, gx.averageMinutes),
                AssessmentReport.count(gy.bands.first { $0.minutes == 30 }?.newlyBeyond),
            ]
        }
        return ReportTable(
            id: "districts", title: "By district: average minutes to the nearest open base",
            note: "Weighted by under-fives; newly beyond: within 30 minutes under the first, beyond under the second.",
            columns: [
                Column("District"), Column("First", numeric: true), Column("Second", numeric: true),
                Column("Change", numeric: true), Column("Under-fives newly beyond 30 min", numeric: true),
            ], rows: rows)
    }

    var differences: ReportTable {
        let names = data.centreNames
        let rows = data.centres.compactMap { c -> [Cell]? in
            let dx = first.decision(for: c.id)?.decision ?? .unknown
            let dy = second.decision(for: c.id)?.decision ?? .unknown
            return dx == dy
                ? nil
                : [
                    Cell(names[c.id] ?? c.id, value: c.id), Cell(dx.label, value: dx.rawValue),
                    Cell(dy.label, value: dy.rawValue),
                ]
        }
        return ReportTable(
            id: "differences", title: "Centres decided differently",
            note: rows.isEmpty ? "Every centre has the same decision in both." : "\(rows.count) centres.",
            columns: [Column("Centre"), Column("First"), Column("Second")], rows: rows)
    }
}
