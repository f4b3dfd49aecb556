import CentresCore

/// Turns an assessment into the tables every output shows (page, CSV, evidence bundle, terminal).
public struct AssessmentReport: Sendable {
    public var assessment: Assessment
    public var proposal: Proposal
    public var data: PlanningData
    /// Page links for centres and areas; nil outside the web app.
    public var centreLink: (@Sendable (String) -> String)?
    public var areaLink: (@Sendable (String) -> String)?

    public init(
        assessment: Assessment, proposal: Proposal, data: PlanningData,
        centreLink: (@Sendable (String) -> String)? = nil, areaLink: (@Sendable (String) -> String)? = nil
    ) {
        self.assessment = assessment
        self.proposal = proposal
        self.data = data
        self.centreLink = centreLink
        self.areaLink = areaLink
    }

    typealias Cell = ReportTable.Cell
    typealias Column = ReportTable.Column

    var hasBaseline: Bool { assessment.baselineID != nil }

    static func count(_ n: Int) -> Cell { Cell(NumberText.grouped(n), value: "\(n)") }
    static func count(_ n: Int?) -> Cell { n.map(count) ?? Cell("—", value: "") }
    static func minutes(_ m: Double?) -> Cell { Cell(NumberText.decimal(m), value: m.map { NumberText.fixed($0, 2) } ?? "") }
    static func share(_ s: Double?) -> Cell {
        Cell(s.map(NumberText.percent) ?? "—", value: s.map { NumberText.fixed($0, 4) } ?? "")
    }
    static func change(_ a: Double?, _ b: Double?) -> Cell {
        guard let a, let b else { return Cell("—", value: "") }
        return Cell(NumberText.signed(a - b), value: NumberText.fixed(a - b, 2))
    }

    /// Every table, in the order a page shows them.
    public var tables: [ReportTable] {
        var out = [
            groups(
                "districts", "By district", [assessment.overall] + assessment.byDistrict,
                note: "Under-fives in each district's areas and their time to the nearest open base."),
            groups(
                "quintiles", "By deprivation (IMD 2019 quintile)", assessment.byQuintile,
                note: "Quintile 1 is the most deprived fifth of areas in England (English Indices of Deprivation 2019)."),
            groups(
                "deciles", "By deprivation (IMD 2019 decile)", assessment.byDecile, note: "Decile 1 is the most deprived tenth."),
            groups(
                "rural-urban", "Rural and urban areas", assessment.byRuralUrban,
                note: "The pack's rural/urban class of each area (ONS 2011 Output Area Classification)."),
            equality, reach, decisions, cost,
        ]
        if !data.serviceNames.isEmpty { out.append(services) }
        out.append(areas)
        return out
    }

    func groups(_ id: String, _ title: String, _ groups: [GroupFigures], note: String) -> ReportTable {
        var columns = [Column("Group"), Column("Areas", numeric: true), Column("Under-fives", numeric: true)]
        columns.append(Column("Average minutes", numeric: true))
        if hasBaseline {
            columns += [Column("Baseline average", numeric: true), Column("Change (minutes)", numeric: true)]
        }
        let bands = assessment.overall.bands.map(\.minutes)
        for b in bands {
            columns += [
                Column("Within \(b) min", numeric: true), Column("Within \(b) min (share)", numeric: true, csvOnly: true),
            ]
        }
        if hasBaseline { columns += bands.map { Column("Newly beyond \($0) min", numeric: true) } }
        columns.append(Column("No base in reach", numeric: true))
        let rows = groups.map { g -> [Cell] in
            var row = [
                Cell(g.label, value: g.label), Self.count(g.areas), Self.count(g.underFives), Self.minutes(g.averageMinutes),
            ]
            if hasBaseline {
                row += [Self.minutes(g.baselineAverageMinutes), Self.change(g.averageMinutes, g.baselineAverageMinutes)]
            }
            for band in g.bands {
                row += [
                    Cell(
                        "\(NumberText.percent(band.share)) (\(NumberText.grouped(band.underFives)))", value: "\(band.underFives)"),
                    Self.share(band.share),
                ]
            }
            if hasBaseline { row += g.bands.map { Self.count($0.newlyBeyond) } }
            row.append(Self.count(g.unreachableUnderFives))
            return row
        }
        return ReportTable(
            id: id, title: title,
            note: note
                + " Average: of each area's time to its nearest open base, weighted by its under-fives (those with a base in reach)."
                + (hasBaseline ? " Newly beyond: within the band under the baseline, beyond it under this proposal." : ""),
            columns: columns, rows: rows)
    }

    var equality: ReportTable {
        var columns = [Column("Group"), Column("Under-fives", numeric: true)]
        if hasBaseline {
            columns += [
                Column("Worse off", numeric: true), Column("Worse off (share)", numeric: true),
                Column("Newly beyond 30 min", numeric: true),
            ]
        }
        columns.append(Column("Average minutes", numeric: true))
        let rows = assessment.equality.map { e -> [Cell] in
            var row = [Cell(e.label), Self.count(e.underFives)]
            if hasBaseline { row += [Self.count(e.affected), Self.share(e.affectedShare), Self.count(e.newlyBeyond30)] }
            row.append(Self.minutes(e.averageMinutes))
            return row
        }
        return ReportTable(
            id: "equality", title: "Equality: who is affected",
            note: hasBaseline
                ? "Under-fives whose time to the nearest open base gets longer than under the baseline (or who lose any base in reach), by deprivation decile and rurality."
                : "Choose a baseline to see who is worse off; average times are shown by deprivation decile and rurality.",
            columns: columns, rows: rows)
    }

    var reach: ReportTable {
        let names = data.centreNames
        let rows = assessment.reach.sorted { ($0.underFives, $1.centreID) > ($1.underFives, $0.centreID) }.map { r -> [Cell] in
            [
                Cell(names[r.centreID] ?? r.centreID, value: r.centreID, link: centreLink?(r.centreID)), Self.count(r.areas),
                Self.count(r.underFives),
                Cell(r.belowThreshold ? "Below \(assessment.inputs.reachThreshold)" : "", value: r.belowThreshold ? "yes" : "no"),
            ]
        }
        var note =
            "Under-fives living in the areas for which each open base is the nearest. Bases reaching fewer than \(NumberText.grouped(assessment.inputs.reachThreshold)) under-fives are flagged (the 2011 guidance's threshold)."
        if !assessment.unplacedBases.isEmpty {
            note +=
                " \(assessment.unplacedBases.count) open base\(assessment.unplacedBases.count == 1 ? " has" : "s have") no known location and cannot be anyone's nearest: \(assessment.unplacedBases.map { names[$0] ?? $0 }.joined(separator: "; "))."
        }
        return ReportTable(
            id: "reach", title: "Reach of each base", note: note,
            columns: [
                Column("Base"), Column("Areas", numeric: true), Column("Under-fives nearest", numeric: true),
                Column("Below threshold"),
            ], rows: rows)
    }

    var decisions: ReportTable {
        let names = data.centreNames
        let venueNames = Dictionary(data.venues.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let decided = Dictionary(proposal.decisions.map { ($0.centreID, $0) }, uniquingKeysWith: { a, _ in a })
        let ids = data.centres.map(\.id) + proposal.decisions.map(\.centreID).filter { names[$0] == nil }
        let rows = ids.map { id -> [Cell] in
            let d = decided[id]
            let decision = d?.decision ?? .unknown
            return [
                Cell(names[id] ?? "\(id) (not in the data pack)", value: id, link: names[id] == nil ? nil : centreLink?(id)),
                Cell(decision.label, value: decision.rawValue),
                Cell(d?.reason ?? (d == nil ? "Not mentioned by the proposal" : "")),
                Cell(d?.amalgamatedWith.map { names[$0] ?? $0 } ?? "", value: d?.amalgamatedWith ?? ""),
                Cell(d?.sessionsMoveTo.map { venueNames[$0] ?? $0 } ?? "", value: d?.sessionsMoveTo ?? ""),
            ]
        }
        let counts = CentreDecision.allCases.compactMap { d -> String? in
            let n = assessment.decisionCounts[d.rawValue] ?? 0
            return n == 0 ? nil : "\(d.label): \(n)"
        }
        return ReportTable(
            id: "decisions", title: "Decision for each centre",
            note: counts.joined(separator: "; ")
                + ". Centres whose decision is not known are counted apart: neither open nor closed.",
            columns: [
                Column("Centre"), Column("Decision"), Column("Reason"), Column("Management amalgamated with"),
                Column("Sessions move to"),
            ], rows: rows)
    }

    var cost: ReportTable {
        var rows = proposal.budget.map { b -> [Cell] in
            [
                Cell(b.name, value: b.id), Cell(NumberText.pounds(b.currentGBP), value: "\(b.currentGBP)"),
                Cell(NumberText.pounds(b.proposedGBP), value: "\(b.proposedGBP)"),
                Cell(NumberText.pounds(b.proposedGBP - b.currentGBP), value: "\(b.proposedGBP - b.currentGBP)"),
            ]
        }
        let c = assessment.cost
        func pounds(_ n: Int?) -> Cell { n.map { Cell(NumberText.pounds($0), value: "\($0)") } ?? Cell("—", value: "") }
        if let target = c.targetSavingGBP {
            rows.append([Cell("Saving required", value: "target_saving"), Cell(""), pounds(target), Cell("")])
            if let shortfall = c.shortfallGBP {
                rows.append([
                    Cell(shortfall > 0 ? "Short of the required saving by" : "Beyond the required saving by", value: "shortfall"),
                    Cell(""), pounds(abs(shortfall)), Cell(""),
                ])
            }
        }
        return ReportTable(
            id: "cost", title: "Cost",
            note: proposal.budget.isEmpty
                ? "This proposal gives no budget lines, so its cost is not known."
                : "Budget lines as the proposal gives them (pounds a year); the required saving is the pack's budget total, current minus proposed.",
            columns: [
                Column("Line"), Column("Current", numeric: true), Column("Proposed", numeric: true),
                Column("Change", numeric: true),
            ], rows: rows)
    }

    var services: ReportTable {
        let names = data.serviceNames
        let rows = names.keys.sorted().map { id -> [Cell] in
            let members = assessment.areas.compactMap { a in a.serviceMinutes[id].flatMap { $0 }.map { (a.underFives, $0) } }
            let weight = members.reduce(0) { $0 + $1.0 }
            let mean = weight > 0 ? members.reduce(0.0) { $0 + Double($1.0) * $1.1 } / Double(weight) : nil
            let within = members.filter { $0.1 <= 30 }.reduce(0) { $0 + $1.0 }
            let total = assessment.overall.underFives
            return [
                Cell(names[id] ?? id, value: id), Self.minutes(mean), Self.count(within),
                Self.share(total > 0 ? Double(within) / Double(total) : nil),
            ]
        }
        return ReportTable(
            id: "services", title: "Services",
            note:
                "Time to the nearest venue offering each service under the proposal: today's sessions, with those at closing centres moved where the proposal says (or lost).",
            columns: [
                Column("Service"), Column("Average minutes", numeric: true), Column("Within 30 min", numeric: true),
                Column("Within 30 min (share)", numeric: true),
            ], rows: rows)
    }

    var areas: ReportTable {
        let names = data.centreNames
        var columns = [
            Column("Area code"), Column("Area"), Column("District"), Column("Under-fives", numeric: true),
            Column("IMD decile", numeric: true), Column("Rural/urban"), Column("Nearest base"), Column("Minutes", numeric: true),
        ]
        if hasBaseline {
            columns += [
                Column("Baseline nearest base"), Column("Baseline minutes", numeric: true), Column("Change", numeric: true),
            ]
        }
        let rows = assessment.areas.map { a -> [Cell] in
            var row = [
                Cell(a.code, link: areaLink?(a.code)), Cell(a.name), Cell(data.districtNames[a.districtCode] ?? a.districtCode),
                Self.count(a.underFives), Self.count(a.deprivationDecile), Cell(a.ruralUrban?.rawValue ?? ""),
                Cell(a.nearestBase.map { names[$0] ?? $0 } ?? "none in reach", value: a.nearestBase ?? ""),
                Self.minutes(a.minutes),
            ]
            if hasBaseline {
                row += [
                    Cell(a.baselineBase.map { names[$0] ?? $0 } ?? "none in reach", value: a.baselineBase ?? ""),
                    Self.minutes(a.baselineMinutes), Self.change(a.minutes, a.baselineMinutes),
                ]
            }
            return row
        }
        return ReportTable(
            id: "areas", title: "Every area",
            note: "Each small area's nearest open base and the time to it" + (hasBaseline ? ", beside the baseline's." : "."),
            columns: columns, rows: rows, downloadOnly: true)
    }
}
