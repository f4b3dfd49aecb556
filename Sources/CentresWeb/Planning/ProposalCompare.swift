import CentresCore
import Planning
import TravelTime
import Vapor

extension ProposalController {
    /// Two proposals side by side: figures, districts, decisions that differ, and a map of the
    /// change from the first to the second.
    func compare(_ req: Request) async throws -> View {
        let s = ProposalAssessments(db: req.db)
        let all = try await ProposalStore.list(on: req.db)
        guard let aID = req.filter("a") ?? all.first?.id, let bID = req.filter("b") ?? all.last?.id else {
            throw WebError.notFound(what: "proposal", id: "(none stored)")
        }
        let mode = try await Self.mode(req, s)
        let first = try await s.assess(aID, baseline: nil, mode: mode)
        let second = try await s.assess(bID, baseline: aID, mode: mode, centreLink: Self.centreLink)
        let (x, y) = (first.assessment, second.assessment)
        func n(_ v: Int?) -> String { v.map(NumberText.grouped) ?? "—" }
        func diff(_ a: Int?, _ b: Int?) -> String {
            guard let a, let b else { return "—" }
            return (b - a > 0 ? "+" : "") + NumberText.grouped(b - a)
        }
        func count(_ a: Assessment, _ d: CentreDecision) -> Int { a.decisionCounts[d.rawValue] ?? 0 }
        var figures: [[String]] = [
            [
                "Average minutes to the nearest open base", NumberText.decimal(x.overall.averageMinutes),
                NumberText.decimal(y.overall.averageMinutes),
                NumberText.signed(y.overall.averageMinutes.flatMap { b in x.overall.averageMinutes.map { b - $0 } }),
            ]
        ]
        for (bx, by) in zip(x.overall.bands, y.overall.bands) {
            figures.append([
                "Under-fives within \(bx.minutes) minutes", "\(n(bx.underFives)) (\(NumberText.percent(bx.share)))",
                "\(n(by.underFives)) (\(NumberText.percent(by.share)))", diff(bx.underFives, by.underFives),
            ])
        }
        figures.append([
            "Under-fives with no base in reach", n(x.overall.unreachableUnderFives), n(y.overall.unreachableUnderFives),
            diff(x.overall.unreachableUnderFives, y.overall.unreachableUnderFives),
        ])
        for d in CentreDecision.allCases {
            figures.append(["Centres: \(d.label.lowercased())", n(count(x, d)), n(count(y, d)), diff(count(x, d), count(y, d))])
        }
        figures.append([
            "Proposed budget", x.cost.proposedGBP.map(NumberText.pounds) ?? "not given",
            y.cost.proposedGBP.map(NumberText.pounds) ?? "not given",
            x.cost.proposedGBP.flatMap { a in y.cost.proposedGBP.map { NumberText.pounds($0 - a) } } ?? "—",
        ])
        let districts = zip(x.byDistrict, y.byDistrict).map { gx, gy in
            [
                gx.label, NumberText.decimal(gx.averageMinutes), NumberText.decimal(gy.averageMinutes),
                NumberText.signed(gy.averageMinutes.flatMap { b in gx.averageMinutes.map { b - $0 } }),
                n(gy.bands.first { $0.minutes == 30 }?.newlyBeyond),
            ]
        }
        let names = first.data.centreNames
        let differences = first.data.centres.compactMap { c -> [String]? in
            let dx = first.proposal.decision(for: c.id)?.decision ?? .unknown
            let dy = second.proposal.decision(for: c.id)?.decision ?? .unknown
            return dx == dy ? nil : [names[c.id] ?? c.id, dx.label, dy.label]
        }
        let maps = ProposalMaps(
            outlines: try await req.application.boundaryCache.outlines(DirectoryQueries(req.db)), data: first.data)
        let map = maps.changeMap(
            now: Dictionary(uniqueKeysWithValues: y.areas.map { ($0.code, $0.minutes) }),
            before: Dictionary(uniqueKeysWithValues: y.areas.map { ($0.code, $0.baselineMinutes) }),
            names: Dictionary(uniqueKeysWithValues: y.areas.map { ($0.code, $0.name) }), proposal: second.proposal,
            label: "Map of the change in time to the nearest base from \(first.proposal.title) to \(second.proposal.title)")
        let q = Self.query(mode: mode, baseline: aID)
        return try await req.view.render(
            "compare",
            ComparePage(
                title: "Compare proposals",
                first: PageLink(label: first.proposal.title, href: SiteURL.proposal(aID).path, current: false),
                second: PageLink(label: second.proposal.title, href: SiteURL.proposal(bID).path, current: false),
                modeOptions: try await Self.modeOptions(s, selected: mode),
                firstOptions: Self.options(all, selected: aID), secondOptions: Self.options(all, selected: bID),
                isEstimate: y.inputs.method.isEstimate,
                inputs: y.inputs.summary, figures: figures.map(LabelledRow.init), districts: districts.map(LabelledRow.init),
                differences: differences.map(LabelledRow.init), map: map,
                legend: ProposalMaps.changeClasses.map { .init(key: $0.key, label: $0.label) },
                downloads: [
                    PageLink(
                        label: "Difference for every area (CSV)", href: SiteURL.proposalTable(bID, table: "areas.csv").path + q,
                        current: false),
                    PageLink(label: "Evidence bundle (zip)", href: SiteURL.proposalEvidence(bID).path + q, current: false),
                ]))
    }

    /// A postcode or place: the small area it lies in, and the nearest open base from there today
    /// and under every stored proposal, by each mode with stored times.
    func postcode(_ req: Request) async throws -> View {
        let text: String? = req.query["q"]
        var page = PostcodePage(query: text ?? "", choices: [], modes: [], rows: [], anyEstimate: false)
        guard let text else { return try await req.view.render("postcode", page) }
        let q = DirectoryQueries(req.db)
        switch try await NearLookup(q: q).resolve(text, pick: req.query["pick"]) {
        case .problem(let message): page.problem = message
        case .choices(let places):
            let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            page.choices = places.enumerated().map { i, p in
                PageLink(label: p.name, href: SiteURL.proposalPostcode.path + "?q=\(encoded)&pick=\(i)", current: false)
            }
        case .point(let label, let coordinate, let basis):
            page.located = "\(label): \(basis)"
            guard let code = try await req.application.boundaryCache.area(containing: coordinate, q),
                let area = try await q.area(code)
            else {
                page.problem = "\(label) is not inside any of the data pack's small areas, so no travel times are stored for it."
                return try await req.view.render("postcode", page)
            }
            page.area = PageLink(label: "\(area.name) (\(area.code))", href: SiteURL.area(code).path, current: false)
            let s = ProposalAssessments(db: req.db)
            let data = try await s.planningData()
            guard let index = data.areas.firstIndex(where: { $0.code == code }) else { break }
            let assessors = try await MatrixStore.loadAll(on: req.db).map { Assessor(data: data, matrix: $0) }
            page.modes = assessors.map {
                "\($0.matrix.metadata.mode.label.capitalizedFirst)\($0.matrix.metadata.method.isEstimate ? " (estimate)" : "")"
            }
            page.anyEstimate = assessors.contains { $0.matrix.metadata.method.isEstimate }
            let names = data.centreNames
            let proposals =
                [(data.today, nil as String?)]
                + (try await ProposalStore.all(on: req.db)).map { ($0, Optional(SiteURL.proposal($0.id).path)) }
            page.rows = proposals.map { p, href in
                let nearest = assessors.map { $0.nearestBases(p)[index] }
                let base = nearest.first?.base
                return ProposalPostcodeRow(
                    proposal: p.title, href: href, base: base.map { names[$0] ?? $0 } ?? "No open base in reach",
                    baseHref: base.map { SiteURL.centre($0).path },
                    times: nearest.map { n in
                        guard let m = n.minutes else { return "none in reach" }
                        let other = n.base != base ? " (to \(n.base.map { names[$0] ?? $0 } ?? ""))" : ""
                        return "\(NumberText.decimal(m)) min\(other)"
                    })
            }
        }
        return try await req.view.render("postcode", page)
    }
}
