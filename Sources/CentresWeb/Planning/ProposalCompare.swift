import CentresCore
import Planning
import TravelTime
import Vapor

extension ProposalController {
    /// The two proposals a compare request names (default: the first and last listed) and the mode.
    func comparison(_ req: Request) async throws -> (
        comparison: ProposalComparison, first: String, second: String, mode: TravelMode, listed: [ProposalSummary]
    ) {
        let s = ProposalAssessments(db: req.db)
        let all = try await ProposalStore.list(on: req.db)
        guard let aID = req.filter("a") ?? all.first?.id, let bID = req.filter("b") ?? all.last?.id else {
            throw WebError.notFound(what: "proposal", id: "(none stored)")
        }
        let mode = try await Self.mode(req, s)
        return (try await s.compare(aID, bID, mode: mode), aID, bID, mode, all)
    }

    /// Two proposals side by side: figures, districts, decisions that differ, and a map of the
    /// change from the first to the second; each table also as CSV.
    func compare(_ req: Request) async throws -> View {
        let (c, aID, bID, mode, all) = try await comparison(req)
        let y = c.secondAssessment
        let maps = ProposalMaps(
            outlines: try await req.application.boundaryCache.outlines(DirectoryQueries(req.db)), data: c.data)
        let map = maps.changeMap(
            now: Dictionary(uniqueKeysWithValues: y.areas.map { ($0.code, $0.minutes) }),
            before: Dictionary(uniqueKeysWithValues: y.areas.map { ($0.code, $0.baselineMinutes) }),
            names: Dictionary(uniqueKeysWithValues: y.areas.map { ($0.code, $0.name) }), proposal: c.second,
            label: "Map of the change in time to the nearest base from \(c.first.title) to \(c.second.title)")
        let compareQuery = "?a=\(aID)&b=\(bID)&mode=\(mode.rawValue)"
        let q = Self.query(mode: mode, baseline: aID)
        return try await req.view.render(
            "compare",
            ComparePage(
                title: "Compare proposals",
                first: PageLink(label: c.first.title, href: SiteURL.proposal(aID).path, current: false),
                second: PageLink(label: c.second.title, href: SiteURL.proposal(bID).path, current: false),
                modeOptions: try await Self.modeOptions(ProposalAssessments(db: req.db), selected: mode),
                firstOptions: Self.options(all, selected: aID), secondOptions: Self.options(all, selected: bID),
                isEstimate: y.inputs.method.isEstimate, inputs: y.inputs.summary,
                tables: c.tables.map { TableView($0, csvURL: SiteURL.proposalCompareTable("\($0.id).csv").path + compareQuery) },
                map: map, legend: ProposalMaps.changeClasses.map { .init(key: $0.key, label: $0.label) },
                downloads: [
                    PageLink(
                        label: "Difference for every area (CSV)", href: SiteURL.proposalTable(bID, table: "areas.csv").path + q,
                        current: false),
                    PageLink(label: "Evidence bundle (zip)", href: SiteURL.proposalEvidence(bID).path + q, current: false),
                ]))
    }

    func compareTable(_ req: Request) async throws -> Response {
        let name = req.parameters.get("table")!
        let (c, aID, bID, _, _) = try await comparison(req)
        guard name.hasSuffix(".csv"), let t = c.tables.first(where: { $0.id == name.dropLast(4) }) else {
            throw WebError.notFound(what: "table", id: name)
        }
        return Self.download(
            Data(EvidenceBundle.csv(t).utf8), type: "text/csv; charset=utf-8", name: "\(aID)-vs-\(bID)-\(t.id).csv")
    }

    /// A postcode or place: the small area it lies in, and the nearest open base from there today
    /// and under every stored proposal, by each mode with stored times.
    func postcode(_ req: Request) async throws -> View {
        let text: String? = req.queryText("q")
        let page = try await Self.postcodeImpact(
            req, text, pick: try req.queryNumber("pick"), choiceURL: SiteURL.proposalPostcode.path
        ) {
            (try await ProposalStore.all(on: req.db)).map { ($0, Optional(SiteURL.proposal($0.id).path)) }
        }
        return try await req.view.render("postcode", page)
    }

    /// The postcode panel's figures for `text` against today's network and `proposals` (asked
    /// for only once the place is found): the place's area and its nearest open base by each mode.
    static func postcodeImpact(
        _ req: Request, _ text: String?, pick: Int?, choiceURL: String,
        proposals: () async throws -> [(Proposal, String?)]
    ) async throws -> PostcodePage {
        var page = PostcodePage(query: text ?? "", choices: [], modes: [], rows: [], anyEstimate: false)
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return page }
        let q = DirectoryQueries(req.db)
        switch try await NearLookup(q: q).resolve(text, pick: pick) {
        case .problem(let message): page.problem = message
        case .choices(let places):
            let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let joiner = choiceURL.contains("?") ? "&" : "?"
            page.choices = places.enumerated().map { i, p in
                PageLink(label: p.name, href: choiceURL + joiner + "q=\(encoded)&pick=\(i)", current: false)
            }
        case .point(let label, let coordinate, let basis):
            page.located = "\(label): \(basis)"
            guard let code = try await req.application.boundaryCache.area(containing: coordinate, q),
                let area = try await q.area(code)
            else {
                page.problem = "\(label) is not inside any of the data pack's small areas, so no travel times are stored for it."
                return page
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
            let networks = [(data.today, nil as String?)] + (try await proposals())
            page.rows = networks.map { p, href in
                let nearest = assessors.map { $0.nearestBase(p, area: index) }
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
        return page
    }
}
