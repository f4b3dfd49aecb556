import CentresCore
import Planning
import TravelTime
import Vapor

/// The optimiser on the web: a GET form that answers on the same page (so an answer is a link),
/// the frontier with its trade-off charts, CSV downloads, the JSON API, and turning an answer into
/// a draft proposal. Searching is costly, so every computing route is rate limited per address
/// and runs on the server's thread pool with a lower node limit than the CLI.
struct OptimiserController {
    static let webNodeLimit = 5_000
    static let hourlyAnswers = 300
    static let hourlyFrontiers = 60

    func register(_ app: Application) {
        app.get(SiteURL.optimiser.pathComponents, use: page)
        app.get(SiteURL.optimiserTable(":table").pathComponents, use: table)
        app.get(SiteURL.optimiserFrontier.pathComponents, use: frontierPage)
        app.get(SiteURL.optimiserFrontierTable(":table").pathComponents, use: frontierTable)
        app.on(.POST, SiteURL.optimiserDraft.pathComponents, body: .collect(maxSize: "16kb"), use: draft)
        app.get(SiteURL.api(.optimiser).pathComponents, use: apiAnswer)
        app.get(SiteURL.api(.optimiserFrontier).pathComponents, use: apiFrontier)
    }

    static func service(_ req: Request) -> OptimiserService {
        var s = OptimiserService(db: req.db)
        s.nodeLimit = webNodeLimit
        s.threadPool = req.application.threadPool
        return s
    }

    /// The request's travel mode: the one asked for if its times are stored, else the default.
    static func mode(_ r: OptimiserRequest, _ req: Request) async throws -> TravelMode {
        try await ProposalAssessments(db: req.db).resolvedMode(r.mode)
    }

    /// The request read from the URL, refused at its first wrong field (for CSV and JSON).
    static func checked(_ req: Request) throws -> OptimiserRequest {
        let r = OptimiserRequest(req.url.query, reads: req.parameterReads)
        if let e = r.errors.first { throw WebError.badRequest(field: e.field, message: e.message) }
        return r
    }

    static func inputs(_ n: NetworkOptimisation) -> String { OptimiserService.inputs(n).joined(separator: "; ") }

    // MARK: One answer

    func page(_ req: Request) async throws -> Response {
        let r = OptimiserRequest(req.url.query, reads: req.parameterReads)
        let modes = try await ProposalAssessments(db: req.db).modes()
        let csrf = CSRF.token(req)
        var view = OptimiserPage(
            form: OptimiserFormView(r, modes: modes, mode: r.mode ?? ProposalAssessments.defaultMode(among: modes)),
            frontierLink: SiteURL.optimiserFrontier.path, csrf: csrf)
        guard r.asked else { return try await CSRF.render(req, "optimiser", view, token: csrf) }
        guard r.errors.isEmpty else { return try await CSRF.render(req, "optimiser", view, token: csrf, status: .badRequest) }
        try await req.checkRateLimit("optimiser", limit: Self.hourlyAnswers)
        do {
            let mode = try await Self.mode(r, req)
            let answer = try await Self.service(req).solve(r.query, mode: mode)
            let q = r.queryString(mode: mode)
            view.frontierLink = SiteURL.optimiserFrontier.path + r.queryString(mode: mode, upTo: r.upTo)
            view.answer = try await answerView(answer, query: q, req)
        } catch WebError.badRequest(let field, let message) {
            view.form.add(field, message)
            return try await CSRF.render(req, "optimiser", view, token: csrf, status: .badRequest)
        }
        return try await CSRF.render(req, "optimiser", view, token: csrf)
    }

    func answerView(_ a: OptimiserAnswer, query q: String, _ req: Request) async throws -> OptimiserAnswerView {
        let r = a.report, n = a.network
        var figures = [
            KeyFigure(
                label: "Sites chosen", value: "\(r.sites.count)",
                note: r.provenOptimal
                    ? "proven optimal" : "not proven: at most \(NumberText.fixed(r.gap * 100, 3))% from the best possible")
        ]
        if let people = r.underFivesWithin, let total = r.underFivesTotal, total > 0 {
            figures.append(
                KeyFigure(
                    label: "Children under five within \(OptimiserRequest.plain(a.query.withinMinutes)) minutes",
                    value: "\(NumberText.grouped(Int(people.rounded()))) (\(NumberText.percent(people / total)))",
                    note: "of \(NumberText.grouped(Int(total.rounded()))) in the data pack"))
        }
        if let left = r.uncoverablePoints, !left.isEmpty {
            let listed = left.prefix(10).joined(separator: ", ") + (left.count > 10 ? " and \(left.count - 10) more" : "")
            figures.append(
                KeyFigure(
                    label: "Out of reach of every candidate within \(OptimiserRequest.plain(a.query.withinMinutes)) minutes",
                    value:
                        "\(left.count) areas (\(NumberText.decimal(r.uncoverableWeight)) \(a.query.weighting.label.lowercased()))",
                    note: "left out, as no base could reach them: \(listed)"))
        }
        figures.append(
            KeyFigure(
                label: "Average time to the nearest chosen site",
                value: "\(NumberText.decimal(r.meanMinutes)) minutes", note: "weighted by \(a.query.weighting.label.lowercased())"
            ))
        let outlines = try await req.application.boundaryCache.outlines(DirectoryQueries(req.db))
        return OptimiserAnswerView(
            heading: "\(a.query.kind.label): \(r.sites.count) sites", isEstimate: n.matrix.metadata.method.isEstimate,
            inputs: Self.inputs(n), keyFigures: figures,
            map: Self.map(a, outlines: outlines),
            timeLegend: ProposalMaps.timeClasses.map { .init(key: $0.key, label: $0.label) },
            tables: Self.tables(a).filter { !$0.downloadOnly }.map {
                TableView($0, csvURL: SiteURL.optimiserTable("\($0.id).csv").path + q)
            },
            unplaced: n.unplaced.map(\.name), query: String(q.dropFirst()),
            downloads: [
                PageLink(
                    label: "Every area and its nearest chosen site (CSV)", href: SiteURL.optimiserTable("areas.csv").path + q,
                    current: false),
                PageLink(label: "This answer as JSON", href: SiteURL.api(.optimiser).path + q, current: false),
            ])
    }

    /// The summary, the chosen sites (linked to their pages) and every area (download only).
    static func tables(_ a: OptimiserAnswer) -> [ReportTable] {
        let n = a.network
        var sites = OptimiserTables.sites(a.report)
        for (i, j) in a.solution.sites.enumerated() {
            sites.rows[i][0].link =
                n.centreOfSite[j].map { SiteURL.centre($0.id).path } ?? SiteURL.venue(n.venues[j].id).path
        }
        let nearest = n.nearest(a.solution.sites)
        let districts = n.data.districtNames
        let areas = ReportTable(
            id: "areas", title: "Every area",
            note: "Each small area's nearest chosen site and the time to it (\(n.matrix.metadata.summary)).",
            columns: [
                .init("Area code"), .init("Area"), .init("District"), .init("Children under five", numeric: true),
                .init("Weight", numeric: true), .init("Nearest chosen site id"), .init("Nearest chosen site"),
                .init("Minutes", numeric: true),
            ],
            rows: n.data.areas.enumerated().map { i, area in
                let near = nearest[i]
                return [
                    .init(area.code), .init(area.name), .init(districts[area.districtCode] ?? area.districtCode),
                    .init("\(area.underFives)"), .init(NumberText.fixed(n.instance.weights[i], 2)),
                    .init(near.map { n.venues[$0.site].id } ?? ""),
                    .init(near.map { n.centreOfSite[$0.site]?.name ?? n.venues[$0.site].name } ?? "none in reach"),
                    .init(near.map { NumberText.fixed($0.minutes, 1) } ?? ""),
                ]
            }, downloadOnly: true)
        return [OptimiserTables.summary(a.report), sites, areas]
    }

    /// Areas shaded by time to the nearest chosen site; chosen centres as filled circles, chosen
    /// libraries and venues as squares, centres not chosen as rings.
    static func map(_ a: OptimiserAnswer, outlines: [BoundaryCache.Outline]) -> String {
        let n = a.network
        let nearest = n.nearest(a.solution.sites)
        let row = Dictionary(n.data.areas.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { x, _ in x })
        let shaded = outlines.compactMap { o -> MapSVG.Shaded? in
            guard let i = row[o.boundary.code] else { return nil }
            let area = n.data.areas[i], near = nearest[i]
            let text = near.map {
                "\(NumberText.decimal($0.minutes)) minutes to \(n.centreOfSite[$0.site]?.name ?? n.venues[$0.site].name)"
            }
            return MapSVG.Shaded(
                boundary: o.boundary, colour: ProposalMaps.timeClass(near?.minutes).colour,
                title: "\(area.name): \(text ?? "no chosen site in reach")", href: SiteURL.area(area.code).path)
        }
        let chosen = Set(a.solution.sites)
        var markers: [MapSVG.Marker] = n.venues.indices.compactMap { j in
            guard let point = n.venues[j].location else { return nil }
            let approximate = n.venues[j].locationQuality != .exact ? " (approximate: town-level point)" : ""
            if let c = n.centreOfSite[j] {
                return chosen.contains(j)
                    ? MapSVG.Marker(
                        point: point, title: "\(c.name): chosen\(approximate)", href: SiteURL.centre(c.id).path,
                        style: approximate.isEmpty ? .centreExact : .centreApproximate)
                    : MapSVG.Marker(
                        point: point, title: "\(c.name): not chosen", href: SiteURL.centre(c.id).path, style: .closedCentre)
            }
            guard chosen.contains(j) else { return nil }
            return MapSVG.Marker(
                point: point, title: "\(n.venues[j].name): chosen\(approximate)", href: SiteURL.venue(n.venues[j].id).path,
                style: .library)
        }
        // Chosen sites drawn last, on top of the rings.
        markers.sort { ($0.style == .closedCentre ? 0 : 1) < ($1.style == .closedCentre ? 0 : 1) }
        return MapSVG().render(
            areas: shaded, markers: markers, label: "Map of time to the nearest chosen site", titleID: "optimiser-map-title")
    }

    func table(_ req: Request) async throws -> Response {
        let name = req.parameters.get("table")!
        guard name.hasSuffix(".csv") else { throw WebError.notFound(what: "table", id: name) }
        let r = try Self.checked(req)
        try await req.checkRateLimit("optimiser", limit: Self.hourlyAnswers)
        let mode = try await Self.mode(r, req)
        let answer = try await Self.service(req).solve(r.query, mode: mode)
        return try Self.csv(Self.tables(answer), named: name)
    }

    /// The table `name` ("sites.csv") as a CSV download.
    static func csv(_ tables: [ReportTable], named name: String) throws -> Response {
        guard let t = tables.first(where: { "\($0.id).csv" == name }) else { throw WebError.notFound(what: "table", id: name) }
        return ProposalController.download(
            Data(EvidenceBundle.csv(t).utf8), type: "text/csv; charset=utf-8", name: "optimiser-\(t.id).csv")
    }

    // MARK: Draft proposal

    /// The answer as an unlisted web draft with a private editing link, like any other draft.
    func draft(_ req: Request) async throws -> Response {
        let f = FormFields(try CSRF.verifiedForm(req))
        try await req.checkRateLimit("proposal")
        let r = OptimiserRequest(f["query"])
        if let e = r.errors.first { throw WebError.badRequest(field: e.field, message: e.message) }
        let mode = try await Self.mode(r, req)
        let answer = try await Self.service(req).solve(r.query, mode: mode)
        let title = f["title"].map { String($0.prefix(200)) } ?? "Optimiser: \(answer.report.sites.count) sites"
        let id = try await ProposalController.freshID(from: title, on: req)
        var p = OptimiserDraft.proposal(answer, id: id, author: "The optimiser page")
        p.title = title
        return try await ProposalController().store(p, req)
    }

    // MARK: Frontier

    func frontierPage(_ req: Request) async throws -> Response {
        let r = OptimiserRequest(req.url.query, reads: req.parameterReads)
        let modes = try await ProposalAssessments(db: req.db).modes()
        var view = FrontierPage(
            form: OptimiserFormView(r, modes: modes, mode: r.mode ?? ProposalAssessments.defaultMode(among: modes)),
            computed: false, isEstimate: false, inputs: "", coverageChart: "", meanChart: "", keys: [], anyUnproven: false,
            tables: [], downloads: [], answerLink: SiteURL.optimiser.path)
        func render(_ status: HTTPStatus = .ok) async throws -> Response {
            let res = try await req.view.render("optimiser-frontier", view).encodeResponse(for: req)
            res.status = status
            return res
        }
        guard r.asked else { return try await render() }
        guard r.errors.isEmpty else { return try await render(.badRequest) }
        try await req.checkRateLimit("optimiser frontier", limit: Self.hourlyFrontiers)
        let f: OptimiserFrontier
        do {
            let mode = try await Self.mode(r, req)
            f = try await Self.service(req).frontier(r.query, mode: mode, upTo: r.upTo)
        } catch WebError.badRequest(let field, let message) {
            view.form.add(field, message)
            return try await render(.badRequest)
        }
        fill(&view, f, r)
        return try await req.view.render("optimiser-frontier", view).encodeResponse(for: req)
    }

    func fill(_ view: inout FrontierPage, _ f: OptimiserFrontier, _ r: OptimiserRequest) {
        let total = f.network.instance.totalWeight
        let within = OptimiserRequest.plain(f.query.withinMinutes)
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let keyed = f.proposals.enumerated().map { i, p in
            (key: i < letters.count ? String(letters[i]) : "\(i + 1)", p: p)
        }
        func answerQuery(_ kind: OptimiserQuery.Kind, sites: Int) -> String {
            var a = r
            a.query.kind = kind
            a.query.sites = sites
            return SiteURL.optimiser.path + a.queryString(mode: f.mode)
        }
        let chart = FrontierChartSVG()
        view.coverageChart = chart.render(
            line: f.points.map {
                .init(
                    sites: $0.sites, value: total > 0 ? $0.coverage.objective / total * 100 : 0,
                    proven: $0.coverage.provenOptimal,
                    title:
                        "\($0.sites) sites: \(NumberText.percent(total > 0 ? $0.coverage.objective / total : 0)) within \(within) minutes"
                        + ($0.coverage.provenOptimal ? "" : " (not proven)"))
            },
            proposals: keyed.map { k in
                .init(
                    key: k.key, sites: k.p.bases, value: total > 0 ? k.p.covered / total * 100 : 0,
                    title: "\(k.p.title): \(k.p.bases) bases, \(NumberText.percent(total > 0 ? k.p.covered / total : 0))",
                    href: SiteURL.proposal(k.p.id).path)
            }, xTitle: "Number of sites", yTitle: "Share within \(within) minutes (%)", yMax: 100,
            format: { "\(Int($0))%" },
            label: "Best share of the weight within \(within) minutes for each number of sites, with the proposals",
            titleID: "coverage-chart-title")
        view.meanChart = chart.render(
            line: f.points.compactMap { p in
                p.median.meanMinutes.map {
                    .init(
                        sites: p.sites, value: $0, proven: p.median.provenOptimal,
                        title: "\(p.sites) sites: mean \(NumberText.decimal($0)) minutes"
                            + (p.median.provenOptimal ? "" : " (not proven)"))
                }
            },
            proposals: keyed.compactMap { k in
                k.p.meanMinutes.map {
                    .init(
                        key: k.key, sites: k.p.bases, value: $0,
                        title: "\(k.p.title): \(k.p.bases) bases, mean \(NumberText.decimal($0)) minutes",
                        href: SiteURL.proposal(k.p.id).path)
                }
            }, xTitle: "Number of sites", yTitle: "Mean minutes to the nearest site", yMax: nil,
            format: { OptimiserRequest.plain($0) },
            label: "Lowest mean time to the nearest site for each number of sites, with the proposals",
            titleID: "mean-chart-title")
        view.keys = keyed.map { k in
            FrontierPage.Key(
                key: k.key,
                label: "\(k.p.title): \(k.p.bases) open bases\(k.p.unplaced > 0 ? " (\(k.p.unplaced) not placed)" : "")",
                href: SiteURL.proposal(k.p.id).path)
        }
        view.anyUnproven = f.points.contains { !$0.coverage.provenOptimal || !$0.median.provenOptimal }
        view.computed = true
        view.isEstimate = f.network.matrix.metadata.method.isEstimate
        view.inputs = Self.inputs(f.network)
        let q = r.queryString(mode: f.mode, upTo: r.upTo)
        var tables = OptimiserService.tables(f)
        for (i, p) in f.points.enumerated() {
            tables[0].rows[i][0].link = answerQuery(.maximalCovering, sites: p.sites)
        }
        for (i, p) in f.proposals.enumerated() { tables[1].rows[i][0].link = SiteURL.proposal(p.id).path }
        view.tables = tables.map { TableView($0, csvURL: SiteURL.optimiserFrontierTable("\($0.id).csv").path + q) }
        view.downloads = [PageLink(label: "The frontier as JSON", href: SiteURL.api(.optimiserFrontier).path + q, current: false)]
        view.answerLink = SiteURL.optimiser.path + r.queryString(mode: f.mode)
    }

    func frontierTable(_ req: Request) async throws -> Response {
        let name = req.parameters.get("table")!
        guard name.hasSuffix(".csv") else { throw WebError.notFound(what: "table", id: name) }
        let r = try Self.checked(req)
        try await req.checkRateLimit("optimiser frontier", limit: Self.hourlyFrontiers)
        let mode = try await Self.mode(r, req)
        let f = try await Self.service(req).frontier(r.query, mode: mode, upTo: r.upTo)
        return try Self.csv(OptimiserService.tables(f), named: name)
    }

    // MARK: JSON

    func apiAnswer(_ req: Request) async throws -> OptimiserResultDTO {
        let r = try Self.checked(req)
        try await req.checkRateLimit("optimiser", limit: Self.hourlyAnswers)
        let mode = try await Self.mode(r, req)
        let a = try await Self.service(req).solve(r.query, mode: mode)
        return OptimiserResultDTO(
            mode: mode.rawValue, isEstimate: a.network.matrix.metadata.method.isEstimate,
            unplacedCandidates: a.network.unplaced.map(\.id), report: a.report)
    }

    func apiFrontier(_ req: Request) async throws -> FrontierResultDTO {
        let r = try Self.checked(req)
        try await req.checkRateLimit("optimiser frontier", limit: Self.hourlyFrontiers)
        let mode = try await Self.mode(r, req)
        let f = try await Self.service(req).frontier(r.query, mode: mode, upTo: r.upTo)
        let ids = f.network.instance.siteIDs
        func solution(_ s: LocationSolution) -> FrontierResultDTO.Solution {
            .init(
                siteIds: s.sites.map { ids[$0] }, objective: s.objective, bound: s.bound, gap: s.gap,
                provenOptimal: s.provenOptimal, coveredWeight: s.coveredWeight, meanMinutes: s.meanMinutes)
        }
        return FrontierResultDTO(
            mode: mode.rawValue, withinMinutes: f.query.withinMinutes, weighting: f.query.weighting.rawValue,
            isEstimate: f.network.matrix.metadata.method.isEstimate, totalWeight: f.network.instance.totalWeight,
            inputs: OptimiserService.inputs(f.network),
            points: f.points.map {
                .init(sites: $0.sites, coverage: solution($0.coverage), median: solution($0.median), cost: $0.cost)
            },
            proposals: f.proposals)
    }
}

struct OptimiserResultDTO: Content {
    var mode: String
    var isEstimate: Bool
    /// Candidate venues left out because they have no location or no travel times.
    var unplacedCandidates: [String]
    var report: OptimiserReport
}

struct FrontierResultDTO: Content {
    struct Solution: Content {
        var siteIds: [String]
        var objective: Double
        var bound: Double
        var gap: Double
        var provenOptimal: Bool
        var coveredWeight: Double
        var meanMinutes: Double?
    }
    struct Row: Content {
        var sites: Int
        var coverage: Solution
        var median: Solution
        var cost: Double?
    }
    var mode: String
    var withinMinutes: Double
    var weighting: String
    var isEstimate: Bool
    var totalWeight: Double
    var inputs: [String]
    var points: [Row]
    var proposals: [FrontierProposal]
}
