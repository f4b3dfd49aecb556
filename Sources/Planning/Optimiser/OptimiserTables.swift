import CentresCore

/// A listed proposal scored on the optimiser's terms (its open bases, coverage and mean time),
/// for plotting against the frontier.
public struct FrontierProposal: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    public var bases: Int
    public var covered: Double
    public var meanMinutes: Double?
    /// Open bases with no location (not counted in the figures).
    public var unplaced: Int

    public init(id: String, title: String, bases: Int, covered: Double, meanMinutes: Double?, unplaced: Int) {
        (self.id, self.title, self.bases, self.covered, self.meanMinutes, self.unplaced) =
            (id, title, bases, covered, meanMinutes, unplaced)
    }
}

/// The optimiser's answers as tables: one source for the page, the CSV, the CLI and the API.
public enum OptimiserTables {
    static func number(_ v: Double) -> ReportTable.Cell {
        .init(NumberText.grouped(Int(v.rounded())), value: NumberText.fixed(v, 2))
    }

    static func share(_ part: Double, of total: Double) -> ReportTable.Cell {
        let s = total > 0 ? part / total : 0
        return .init(NumberText.percent(s), value: NumberText.fixed(s * 100, 2))
    }

    public static func summary(_ r: OptimiserReport) -> ReportTable {
        var rows: [[ReportTable.Cell]] = [
            [.init("Objective (\(objectiveUnit(r.problem)))"), number(r.objective)],
            [.init("Best bound proven"), number(r.bound)],
            [.init("Optimality gap"), .init(NumberText.fixed(r.gap * 100, 3) + "%", value: NumberText.fixed(r.gap * 100, 4))],
            [
                .init("Proven optimal"),
                .init(
                    r.provenOptimal
                        ? "Yes"
                        : "No — the search stopped at its node limit or at the gap asked for; the gap says how far from optimal it can be"
                ),
            ],
            [.init("Sites chosen"), .init("\(r.sites.count)")],
        ]
        if let covered = r.coveredWeight {
            rows.append([.init("Weight within \(r.parameters["within_minutes"] ?? "") minutes"), number(covered)])
            rows.append([.init("Share of all weight"), share(covered, of: r.totalWeight)])
        }
        if let people = r.underFivesWithin, let total = r.underFivesTotal {
            rows.append([.init("Children under five within the time"), number(people)])
            rows.append([.init("Share of all children under five"), share(people, of: total)])
        }
        rows.append([.init("Weighted mean minutes to the nearest chosen site"), .init(NumberText.decimal(r.meanMinutes))])
        rows.append([.init("Weight with no time to any chosen site"), number(r.unreachableWeight)])
        if let left = r.uncoverablePoints, let weight = r.uncoverableWeight {
            let listed = left.isEmpty ? "none" : left.prefix(20).joined(separator: ", ") + (left.count > 20 ? ", …" : "")
            rows.append([.init("Points no candidate reaches within the time (left out): \(listed)"), number(weight)])
        }
        rows.append([.init("Branch-and-bound nodes"), .init(NumberText.grouped(r.nodes))])
        return ReportTable(
            id: "summary", title: "The answer",
            note:
                "The bound is the best value any choice could reach, proven by the search; the gap is how far the answer can be from it. Inputs: \(r.inputs.joined(separator: "; ")).",
            columns: [.init("Figure"), .init("Value", numeric: true)], rows: rows)
    }

    static func objectiveUnit(_ problem: String) -> String {
        switch problem {
        case "p-median": "total weighted minutes, lower is better"
        case "set-covering": "number of sites, lower is better"
        default: "weight within the time, higher is better"
        }
    }

    public static func sites(_ r: OptimiserReport) -> ReportTable {
        let hasCost = r.sites.contains { $0.cost != nil }
        var columns: [ReportTable.Column] = [
            .init("Site"), .init("Site id", csvOnly: true), .init("District"), .init("Kept open"),
            .init("Areas served", numeric: true), .init("Weight served", numeric: true),
        ]
        if r.coveredWeight != nil { columns.append(.init("Of which within the time", numeric: true)) }
        if hasCost { columns.append(.init("Running cost (£)", numeric: true)) }
        let rows = r.sites.map { s in
            var row: [ReportTable.Cell] = [
                .init(s.name ?? s.id), .init(s.id), .init(s.district ?? "—"), .init(s.kept ? "Yes" : "No"),
                .init(NumberText.grouped(s.points)), number(s.weight),
            ]
            if r.coveredWeight != nil { row.append(number(s.weightWithin ?? 0)) }
            if hasCost { row.append(s.cost.map(number) ?? .init("—", value: "")) }
            return row
        }
        return ReportTable(
            id: "sites", title: "Chosen sites",
            note: "Each area is served by its nearest chosen site; weight is the demand weighting asked for.", columns: columns,
            rows: rows)
    }

    /// The frontier, one row per number of sites, and the proposals on the same terms.
    public static func frontier(
        _ points: [FrontierPoint], proposals: [FrontierProposal], siteIDs: [String], totalWeight: Double, minutes: Double
    ) -> [ReportTable] {
        let within = NumberText.decimal(minutes)
        let hasCost = points.contains { $0.cost != nil }
        var columns: [ReportTable.Column] = [
            .init("Sites", numeric: true), .init("Best weight within \(within) min", numeric: true),
            .init("Share", numeric: true), .init("Covering proven", numeric: false),
            .init("Best mean minutes", numeric: true), .init("Mean proven"), .init("Sites chosen for coverage", csvOnly: true),
        ]
        if hasCost { columns.append(.init("Cost of the covering sites (£)", numeric: true)) }
        func proof(_ s: LocationSolution) -> ReportTable.Cell {
            .init(
                s.provenOptimal ? "Yes" : "No (gap \(NumberText.fixed(s.gap * 100, 3))%)", value: s.provenOptimal ? "yes" : "no")
        }
        let rows = points.map { p in
            var row: [ReportTable.Cell] = [
                .init("\(p.sites)"), number(p.coverage.objective), share(p.coverage.objective, of: totalWeight),
                proof(p.coverage), .init(NumberText.decimal(p.median.meanMinutes)), proof(p.median),
                .init(p.coverage.sites.map { siteIDs[$0] }.joined(separator: " ")),
            ]
            if hasCost { row.append(p.cost.map(number) ?? .init("—", value: "")) }
            return row
        }
        let frontier = ReportTable(
            id: "frontier", title: "The best network of each size",
            note:
                "For each number of sites: the most weight within \(within) minutes (maximal covering) and the lowest weighted mean time (p-median), each solved on its own.",
            columns: columns, rows: rows)
        let listed = ReportTable(
            id: "proposals", title: "Proposals on the same terms",
            note:
                "Each listed proposal's open bases, scored with the same matrix and weighting. Bases without a location are not counted.",
            columns: [
                .init("Proposal"), .init("Id", csvOnly: true), .init("Open bases", numeric: true),
                .init("Weight within \(within) min", numeric: true), .init("Share", numeric: true),
                .init("Mean minutes", numeric: true), .init("Bases not placed", numeric: true),
            ],
            rows: proposals.map { p in
                [
                    .init(p.title), .init(p.id), .init("\(p.bases)"), number(p.covered), share(p.covered, of: totalWeight),
                    .init(NumberText.decimal(p.meanMinutes)), .init("\(p.unplaced)"),
                ]
            })
        return [frontier, listed]
    }
}
